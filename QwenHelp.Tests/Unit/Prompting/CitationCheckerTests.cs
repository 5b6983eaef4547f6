using QwenHelp.Domain.Prompting;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Tests.Unit.Prompting;

public class CitationCheckerTests
{
    private static readonly RetrievedPassage[] Passages =
    [
        new(PassageKind.Faq, 40, "How do I return an item?", "You can return most items within 7 days of delivery.", "en", 1, 0.5, []),
        new(PassageKind.Chunk, 900, "退货政策", "签收后7天内可申请无理由退货。", "zh", 1, 0.5, []),
    ];

    [Fact]
    public void ValidCitationsAndTrueQuotesAreKept()
    {
        var result = CitationChecker.Check("You have \"within 7 days of delivery\" [1], and 「7天内可申请无理由退货」[2].", Passages);

        Assert.False(result.Flagged);
        Assert.Equal([40, 900], result.Citations.Select(c => c.SourceId));
        Assert.Equal("chunk", result.Citations[1].Kind);
        Assert.Contains("[1]", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ACitationOfAPassageThatWasNotRetrievedIsRemovedAndFlagged()
    {
        var result = CitationChecker.Check("Returns are free [3]. Within 7 days [1].", Passages);

        Assert.True(result.Flagged);
        Assert.Equal("Returns are free. Within 7 days [1].", result.Text);
        Assert.Equal(40, Assert.Single(result.Citations).SourceId);
    }

    [Fact]
    public void AQuoteThatIsNotInTheCitedPassageLosesItsCitation()
    {
        var result = CitationChecker.Check("The policy says \"returns within 30 days\" [1].", Passages);

        Assert.True(result.Flagged);
        Assert.Empty(result.Citations);
        Assert.DoesNotContain("[1]", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerWithoutCitationsIsNotFlagged()
    {
        var result = CitationChecker.Check("Hello! How can I help?", Passages);

        Assert.False(result.Flagged);
        Assert.Empty(result.Citations);
    }
}
