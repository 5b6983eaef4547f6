using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

public class FtsMatchQueryTests
{
    [Fact]
    public void QuotesEveryTermSoOperatorsAreSearchedAsText()
    {
        Assert.Equal("\"near\" OR \"and\" OR \"x\"", FtsMatchQuery.AnyOf(["near", "and", "x"]));
    }

    [Fact]
    public void DoublesQuotesInsideATerm()
    {
        Assert.Equal("\"a\"\"b\"", FtsMatchQuery.Quote("a\"b"));
    }

    [Fact]
    public void ReturnsNullWhenThereIsNothingToSearch()
    {
        Assert.Null(FtsMatchQuery.AnyOf([]));
    }

    [Fact]
    public void BoundsTheNumberOfTerms()
    {
        var terms = Enumerable.Range(0, 500).Select(i => "t" + i);
        Assert.Equal(FtsMatchQuery.MaxTerms, FtsMatchQuery.AnyOf(terms)!.Split(" OR ").Length);
    }
}
