using System.Text;
using Microsoft.Extensions.AI;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Prompting;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Tests.Unit.Prompting;

public class PromptBuilderTests
{
    private static readonly EstimatingTokenCounter Counter = new();

    [Fact]
    public void TheBudgetIsNeverExceededOverRandomlyGeneratedLongConversations()
    {
        var random = new Random(20261121);
        for (var run = 0; run < 300; run++)
        {
            var context = random.Next(2048, 40_000);
            var budget = new ContextBudget(context, AnswerReserve: random.Next(64, context / 4), ToolReserve: random.Next(0, context / 4));
            var builder = new PromptBuilder(Counter, budget);
            var history = Enumerable.Range(0, random.Next(0, 60))
                .Select(i => new HistoryMessage(i + 1, i % 2 == 0 ? MessageRole.Customer : MessageRole.Assistant, RandomText(random, random.Next(1, 4000))))
                .ToList();
            var passages = Enumerable.Range(0, random.Next(0, 10))
                .Select(i => new RetrievedPassage(PassageKind.Chunk, i, "Title " + i, RandomText(random, random.Next(10, 6000)), "en", 1, 0.5, []))
                .ToList();
            var facts = Enumerable.Range(0, random.Next(0, 16)).Select(i => new PinnedFact(PinnedFactKinds.OrderId, "LM2026000" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture))).ToList();
            IReadOnlyList<AITool> tools = random.Next(2) == 0 ? ConversationTools.All : [];
            var input = new PromptInput(random.Next(2) == 0 ? "zh" : "en", RandomText(random, random.Next(10, 4000)), RandomText(random, random.Next(1, 4000)),
                history, random.Next(2) == 0 ? RandomText(random, random.Next(0, 3000)) : null, facts, passages, tools);

            var plan = builder.Build(input);

            var recount = plan.Messages.Sum(m => Counter.CountTokens(m.Text) + budget.MessageOverhead) + tools.Sum(builder.ToolTokens);
            Assert.True(recount <= budget.PromptLimit(tools.Count > 0), $"run {run}: {recount} tokens > limit {budget.PromptLimit(tools.Count > 0)} (context {context})");
            Assert.Equal(recount, plan.PromptTokens);
            Assert.Equal(ChatRole.System, plan.Messages[0].Role);
            Assert.Equal(ChatRole.User, plan.Messages[^1].Role);
        }
    }

    [Fact]
    public void KnowledgeIsNumberedInRankOrderAndTheMostRecentHistoryIsKept()
    {
        var builder = new PromptBuilder(Counter, new ContextBudget());
        var history = Enumerable.Range(1, 12).Select(i => new HistoryMessage(i, i % 2 == 1 ? MessageRole.Customer : MessageRole.Assistant, "message " + i)).ToList();
        var passages = new[] { Passage(11, "Returns", "Return within 7 days."), Passage(12, "Refunds", "Refunds take 3 days.") };

        var plan = builder.Build(new PromptInput("en", SystemPrompts.DefaultEnglish, "Can I return it?", history, "Customer: hello", [new PinnedFact(PinnedFactKinds.OrderId, "LM20260001234")], passages, []));

        Assert.Contains("[1] Returns\nReturn within 7 days.", plan.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("[2] Refunds", plan.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Order number: LM20260001234", plan.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Customer: hello", plan.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal([11, 12], plan.Passages.Select(p => p.SourceId));
        Assert.Equal("message 12", plan.Messages[^2].Text);
        Assert.Equal(14, plan.Messages.Count);
    }

    [Fact]
    public void UnderATightBudgetTheOldestHistoryGoesFirstAndTheQuestionStays()
    {
        var builder = new PromptBuilder(Counter, new ContextBudget(ContextTokens: 2048, AnswerReserve: 512, ToolReserve: 0));
        var history = Enumerable.Range(1, 40).Select(i => new HistoryMessage(i, i % 2 == 1 ? MessageRole.Customer : MessageRole.Assistant, $"turn {i}: " + string.Concat(Enumerable.Repeat("word ", 60)))).ToList();

        var plan = builder.Build(new PromptInput("en", SystemPrompts.DefaultEnglish, "What now?", history, null, [], [], []));

        Assert.Equal("What now?", plan.Messages[^1].Text);
        Assert.StartsWith("turn 40:", plan.Messages[^2].Text, StringComparison.Ordinal);
        Assert.True(plan.Usage.HistoryMessagesDropped > 0);
        Assert.True(plan.PromptTokens <= 2048 - 512);
    }

    private static RetrievedPassage Passage(int id, string title, string text) => new(PassageKind.Faq, id, title, text, "en", 1, 0.5, []);

    private static string RandomText(Random random, int length)
    {
        const string latin = "abcdefghijklmnopqrstuvwxyz     0123456789.,!?";
        const string cjk = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";
        var builder = new StringBuilder(length);
        var chinese = random.Next(2) == 0;
        while (builder.Length < length)
        {
            builder.Append(chinese ? cjk[random.Next(cjk.Length)] : latin[random.Next(latin.Length)]);
        }

        return builder.ToString();
    }
}
