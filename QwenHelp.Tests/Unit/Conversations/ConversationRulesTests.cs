using System.Text.RegularExpressions;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Tests.Unit.Conversations;

public class ConversationRulesTests
{
    private readonly HandoffPolicy _handoff = new(new HandoffRules());
    private readonly PinnedMemoryExtractor _extractor = new(new Regex(@"(?<![A-Za-z0-9])LM\d{11}(?![0-9])", RegexOptions.IgnoreCase));

    [Theory]
    [InlineData("转人工")]
    [InlineData("能帮我转人工客服吗")]
    [InlineData("human")]
    [InlineData("Can I speak to a person?")]
    [InlineData("I need a live agent")]
    public void AnExplicitRequestForAPersonIsRecognized(string message)
    {
        Assert.Equal(HandoffReasons.CustomerRequest, _handoff.BeforeAnswer(message)?.Reason);
    }

    [Theory]
    [InlineData("不用人工，谢谢")]
    [InlineData("人工智能真厉害")]
    [InlineData("That was a human error on my side")]
    [InlineData("How do I reset my password?")]
    [InlineData("The lamp is not bad")]
    public void OtherMessagesDoNotHandOff(string message)
    {
        Assert.Null(_handoff.BeforeAnswer(message));
    }

    [Fact]
    public void TheUnansweredRuleFiresAtTheConfiguredStreakAndNotBefore()
    {
        Assert.Null(_handoff.AfterAnswer(1));
        Assert.Equal(HandoffReasons.Unanswered, _handoff.AfterAnswer(2)?.Reason);
        Assert.Null(new HandoffPolicy(new HandoffRules { UnansweredTurns = 0 }).AfterAnswer(5));
    }

    [Fact]
    public void SentimentIsScoredWithIntensifiersNegationsAndExclamations()
    {
        Assert.Equal(0, _handoff.SentimentOf("Thanks, that helped"));
        Assert.Equal(0, _handoff.SentimentOf("not bad"));
        Assert.Equal(3, _handoff.SentimentOf("very angry"));
        Assert.True(_handoff.SentimentOf("太差了！！！") > _handoff.SentimentOf("太差了"));
    }

    [Fact]
    public void PinnedFactsAreExtractedFromChineseAndEnglishMessages()
    {
        var facts = _extractor.Extract("My name is Wei Li, order LM20260001234, phone 13800138000, email wei@example.com, SKU: LMP-2048");
        var chinese = _extractor.Extract("我叫王芳，订单号LM20260001502，货号 AB-778");

        Assert.Contains(new PinnedFact(PinnedFactKinds.Name, "Wei Li"), facts);
        Assert.Contains(new PinnedFact(PinnedFactKinds.OrderId, "LM20260001234"), facts);
        Assert.Contains(new PinnedFact(PinnedFactKinds.Phone, "13800138000"), facts);
        Assert.Contains(new PinnedFact(PinnedFactKinds.Email, "wei@example.com"), facts);
        Assert.Contains(new PinnedFact(PinnedFactKinds.ProductId, "LMP-2048"), facts);
        Assert.Contains(new PinnedFact(PinnedFactKinds.Name, "王芳"), chinese);
        Assert.Contains(new PinnedFact(PinnedFactKinds.OrderId, "LM20260001502"), chinese);
        Assert.Contains(new PinnedFact(PinnedFactKinds.ProductId, "AB-778"), chinese);
        Assert.DoesNotContain(facts, f => f.Kind == PinnedFactKinds.Phone && f.Value.Contains("2026", StringComparison.Ordinal));
    }

    [Fact]
    public void MergingKeepsTheNewestFactsAndMovesARepeatToTheEnd()
    {
        var kept = Enumerable.Range(0, PinnedMemoryExtractor.MaxFacts).Select(i => new PinnedFact(PinnedFactKinds.ProductId, "P" + i)).ToList();

        var merged = PinnedMemoryExtractor.Merge(kept, [new PinnedFact(PinnedFactKinds.ProductId, "P0"), new PinnedFact(PinnedFactKinds.OrderId, "LM20260001234")]);

        Assert.Equal(PinnedMemoryExtractor.MaxFacts, merged.Count);
        Assert.Equal("LM20260001234", merged[^1].Value);
        Assert.Equal("P0", merged[^2].Value);
        Assert.DoesNotContain(merged, f => f.Value == "P1");
    }

    [Fact]
    public void TheHistoryWindowKeepsTheLastTurnsAndTheSummaryFoldsTheRest()
    {
        var messages = Enumerable.Range(1, 20).Select(i => new HistoryMessage(i, i % 2 == 1 ? MessageRole.Customer : MessageRole.Assistant, $"Message {i}. More words follow here.")).ToList();

        var (older, recent) = HistoryWindow.Split(messages, 6);
        var summary = ExtractiveSummarizer.Fold("Customer: earlier", older, "en", 2000);

        Assert.Equal(12, recent.Count);
        Assert.Equal(9, recent[0].Id);
        Assert.Equal(8, older.Count);
        Assert.StartsWith("Customer: earlier\nCustomer: Message 1.", summary, StringComparison.Ordinal);
        Assert.True(ExtractiveSummarizer.Fold(summary, older, "en", 100).Length <= 100);
    }

    [Theory]
    [InlineData(ConversationState.Bot, ConversationState.WaitingForAgent, true)]
    [InlineData(ConversationState.WaitingForAgent, ConversationState.Agent, true)]
    [InlineData(ConversationState.Agent, ConversationState.Closed, true)]
    [InlineData(ConversationState.Closed, ConversationState.Bot, true)]
    [InlineData(ConversationState.Closed, ConversationState.Agent, false)]
    [InlineData(ConversationState.Bot, ConversationState.Agent, false)]
    public void StateMovesFollowTheRules(ConversationState from, ConversationState to, bool allowed)
    {
        Assert.Equal(allowed, ConversationStateRules.CanMove(from, to));
    }

    [Theory]
    [InlineData("Where is my order?", false, true)]
    [InlineData("How do I cancel my order?", true, false)]
    [InlineData("How much is shipping?", true, false)]
    [InlineData("我的快递什么时候到", true, true)]
    [InlineData("如何查询订单状态?", false, false)]
    [InlineData("Has it been delivered?", true, true)]
    public void OrderStatusQuestionsAreToldFromPolicyQuestions(string message, bool hasOrderId, bool asks)
    {
        Assert.Equal(asks, OrderIntentRules.AsksForOrderStatus(message, hasOrderId));
    }
}
