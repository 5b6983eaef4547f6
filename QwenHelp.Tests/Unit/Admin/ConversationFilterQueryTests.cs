using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Transcripts;
using QwenHelp.Web.Admin;

namespace QwenHelp.Tests.Unit.Admin;

public class ConversationFilterQueryTests
{
    private static (ConversationFilter? Filter, string? Error) Parse(string query) =>
        ConversationFilterQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));

    [Fact]
    public void AFilterSurvivesTheTripThroughAnExportLink()
    {
        var filter = new ConversationFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "退货 & 50% off", AnswerMode.Fallback, true, RatingFilter.Negative, "zh");

        var (parsed, error) = Parse(ConversationFilterQuery.ToQuery(filter));

        Assert.Null(error);
        Assert.Equal(filter, parsed);
    }

    [Fact]
    public void AnEmptyQueryMatchesEverything() => Assert.Equal(ConversationFilter.All, Parse("").Filter);

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("mode=psychic", "mode")]
    [InlineData("mode=3", "mode")]
    [InlineData("handedOff=maybe", "handedOff")]
    [InlineData("rating=5", "rating")]
    [InlineData("language=fr", "language")]
    public void ABadParameterIsNamedInTheError(string query, string parameter)
    {
        var (filter, error) = Parse(query);

        Assert.Null(filter);
        Assert.StartsWith(parameter, error, StringComparison.Ordinal);
    }
}
