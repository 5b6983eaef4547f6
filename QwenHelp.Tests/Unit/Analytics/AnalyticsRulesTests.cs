using QwenHelp.Domain.Analytics;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Tests.Unit.Analytics;

public class AnalyticsRulesTests
{
    [Theory]
    [InlineData(50, 3)]
    [InlineData(95, 5)]
    [InlineData(99, 5)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    public void APercentileIsTheSmallestValueWithThatShareAtOrBelowIt(double percent, int expected) =>
        Assert.Equal(expected, Percentiles.NearestRank([1, 2, 3, 4, 5], percent));

    [Fact]
    public void NoValuesHaveNoPercentile() => Assert.Null(Percentiles.NearestRank([], 50));

    [Theory]
    [InlineData(AnswerMode.Unanswered, null, true)]
    [InlineData(AnswerMode.Fallback, 0.9, true)]
    [InlineData(AnswerMode.Model, 0.2, true)]
    [InlineData(AnswerMode.Model, null, true)]
    [InlineData(AnswerMode.Model, 0.8, false)]
    [InlineData(AnswerMode.Direct, 0.1, false)]
    [InlineData(AnswerMode.Handoff, null, false)]
    [InlineData(AnswerMode.Refused, null, false)]
    public void AKnowledgeGapIsAnAnswerThatFoundNothingOrWasUnsure(AnswerMode mode, double? confidence, bool gap) =>
        Assert.Equal(gap, KnowledgeGapRule.IsGap(mode, confidence, 0.5));
}
