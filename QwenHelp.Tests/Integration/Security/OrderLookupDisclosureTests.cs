using QwenHelp.Domain.Conversations;
using QwenHelp.Tests.Integration.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Security;

/// <summary>Order numbers are sequential: guessing a neighbour's must not tell its tracking number or items.</summary>
public class OrderLookupDisclosureTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private readonly EngineTestKit _kit = new(factory);

    [Fact]
    public async Task AnAnonymousVisitorLearnsAnOrdersStatusButNotItsCarrierTrackingNumberOrItems()
    {
        var answer = await _kit.SayAsync(null, "Where is my order LM20260001234?");

        Assert.Equal(AnswerMode.Tool, answer.Mode);
        Assert.Contains("on its way", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("SF1234567890", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("SF Express", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Earbuds", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("sign in", answer.Answer, StringComparison.Ordinal);
        // Nor does the tool's stored result (what a model would have been told) carry them, or the owner's email.
        Assert.Equal(0, _kit.Scalar($"SELECT COUNT(*) FROM tool_calls WHERE message_id = {answer.MessageId} AND (result LIKE '%SF1234567890%' OR result LIKE '%li.wei%' OR result LIKE '%Earbuds%')"));
    }

    [Fact]
    public async Task TheSignedInCustomerWhoPlacedTheOrderGetsTheTrackingNumberAndItems()
    {
        var answer = await _kit.SayAsync(null, "Where is my order LM20260001234?", visitorId: EngineTestKit.SignedCustomer("LI.WEI@example.com"));

        Assert.Contains("SF1234567890", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("Earbuds", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedInCustomerAskingAboutSomeoneElsesOrderLearnsOnlyItsStatus()
    {
        var answer = await _kit.SayAsync(null, "Where is my order LM20260001234?", visitorId: EngineTestKit.SignedCustomer("zhang.min@example.com"));

        Assert.Contains("on its way", answer.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("SF1234567890", answer.Answer, StringComparison.Ordinal);
    }
}
