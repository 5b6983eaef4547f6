using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Tests.Unit;

public class RetrievalAnswerPolicyTests
{
    private readonly RetrievalAnswerPolicy _policy = new(relatedConfidence: 0.3);

    private static RetrievedPassage Passage(double confidence) =>
        new(PassageKind.Faq, 7, "How do I reset my password?", "Click 'Forgot password'.", "en", 10, confidence, [new RetrieverHit("keyword", 1, 10)]);

    [Fact]
    public void AnswersAConfidentMatchDirectlyWithItsCitation()
    {
        var passage = Passage(0.9);

        var decision = _policy.Decide(new RetrievalResult([passage], passage), "en");

        Assert.Equal(AnswerMode.Direct, decision.Mode);
        Assert.Equal("Click 'Forgot password'.", decision.Text);
        Assert.Equal(new Citation("faq", 7, "How do I reset my password?"), Assert.Single(decision.Citations));
    }

    [Fact]
    public void OffersAWeakMatchAsAFallbackThatSaysItIsUnsure()
    {
        var decision = _policy.Decide(new RetrievalResult([Passage(0.4)], null), "en");

        Assert.Equal(AnswerMode.Fallback, decision.Mode);
        Assert.Contains("not sure", decision.Text, StringComparison.Ordinal);
        Assert.Contains("Click 'Forgot password'.", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysPlainlyWhenNothingRelevantWasFound()
    {
        var decision = _policy.Decide(new RetrievalResult([Passage(0.1)], null), "zh");

        Assert.Equal(AnswerMode.Unanswered, decision.Mode);
        Assert.Empty(decision.Citations);
        Assert.Contains("抱歉", decision.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysPlainlyWhenThereAreNoMatches()
    {
        Assert.Equal(AnswerMode.Unanswered, _policy.Decide(RetrievalResult.Empty, "en").Mode);
    }
}
