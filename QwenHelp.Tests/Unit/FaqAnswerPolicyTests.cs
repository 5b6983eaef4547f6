using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Tests.Unit;

public class FaqAnswerPolicyTests
{
    private readonly FaqAnswerPolicy _policy = new(new FaqAnswerThresholds(Confident: 0.6, Related: 0.3));

    private static FaqMatch Match(double coverage) => new(7, "How do I reset my password?", "Click 'Forgot password'.", "en", 10, coverage);

    [Fact]
    public void AnswersAConfidentMatchDirectlyWithItsCitation()
    {
        var decision = _policy.Decide([Match(0.9)], "en");

        Assert.Equal(AnswerMode.Direct, decision.Mode);
        Assert.Equal("Click 'Forgot password'.", decision.Text);
        Assert.Equal(new Citation("faq", 7, "How do I reset my password?"), Assert.Single(decision.Citations));
    }

    [Fact]
    public void OffersAWeakMatchAsAFallbackThatSaysItIsUnsure()
    {
        var decision = _policy.Decide([Match(0.4)], "en");

        Assert.Equal(AnswerMode.Fallback, decision.Mode);
        Assert.Contains("not sure", decision.Text, StringComparison.Ordinal);
        Assert.Contains("Click 'Forgot password'.", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysPlainlyWhenNothingRelevantWasFound()
    {
        var decision = _policy.Decide([Match(0.1)], "zh");

        Assert.Equal(AnswerMode.Unanswered, decision.Mode);
        Assert.Empty(decision.Citations);
        Assert.Contains("抱歉", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysPlainlyWhenThereAreNoMatches()
    {
        Assert.Equal(AnswerMode.Unanswered, _policy.Decide([], "en").Mode);
    }
}
