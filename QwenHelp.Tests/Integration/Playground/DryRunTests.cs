using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Playground;
using QwenHelp.Tests.Integration.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Playground;

public class DryRunTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    // Resolving it starts the app, which creates the database the counts read.
    private SearchPlayground Playground => factory.GetService<SearchPlayground>();

    private static readonly string[] Tables = ["conversations", "messages", "turn_metrics", "tool_calls", "tickets", "feedback"];

    private string Stored() => string.Join(',', Tables
        .Select(table => SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM {table}")));

    [Fact]
    public async Task ADryRunAnswersWithThePromptAndStoresNothing()
    {
        var playground = Playground;
        var before = Stored();

        var dry = await playground.AnswerAsync("How do I reset my password?", "en");

        Assert.Equal(AnswerMode.Direct, dry.Outcome!.Mode);
        Assert.NotEmpty(dry.Outcome.Citations);
        Assert.NotNull(dry.Prompt);
        Assert.Equal("How do I reset my password?", dry.Prompt.Messages[^1].Text);
        Assert.Contains(dry.Prompt.Passages, p => p.SourceId == dry.Outcome.Citations[0].SourceId);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task ADryRunLeavesNothingInTheAnswerCache()
    {
        await Playground.AnswerAsync("How long does a refund take?", "en");

        var real = await new EngineTestKit(factory).SayAsync(null, "How long does a refund take?");

        Assert.NotEqual(AnswerMode.Cache, real.Mode);
        Assert.False(real.Metrics.CacheHit);
    }

    [Fact]
    public async Task ADryRunOfAnOrderQuestionCallsTheToolAndStoresNoCall()
    {
        var playground = Playground;
        var before = Stored();

        var dry = await playground.AnswerAsync("Where is my order LM20260001234?", "en");

        Assert.Equal(AnswerMode.Tool, dry.Outcome!.Mode);
        Assert.Equal("query_order_status", Assert.Single(dry.ToolCalls).Name);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task ADryRunThatAsksForAPersonNotifiesNobodyAndStoresNothing()
    {
        var playground = Playground;
        var before = Stored();

        var dry = await playground.AnswerAsync("I want to talk to a human", "en");

        Assert.Equal(AnswerMode.Handoff, dry.Outcome!.Mode);
        Assert.Equal(ConversationState.WaitingForAgent, dry.Outcome.State);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task AnEmptyQueryIsRefusedWithoutAnAnswer()
    {
        var dry = await Playground.AnswerAsync("   ", "en");

        Assert.Null(dry.Outcome);
        Assert.NotNull(dry.Error);
    }
}

public class ModelDryRunTests(EngineFactory factory) : IClassFixture<EngineFactory>
{
    [Fact]
    public async Task AModelThatOpensATicketInADryRunOpensNone()
    {
        factory.Model.Reset(call => call.Messages[^1].Role == Microsoft.Extensions.AI.ChatRole.Tool
            ? ScriptedChatClient.Say("I have opened a ticket for you.")
            : ScriptedChatClient.CallTool("create_ticket", new Dictionary<string, object?> { ["summary"] = "Broken kettle", ["contact"] = "ann@example.com" }));
        var playground = factory.GetService<SearchPlayground>();
        var tickets = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM tickets");

        var dry = await playground.AnswerAsync("My kettle arrived broken, the lid squeaks and the base sparks", "en");

        Assert.Equal(AnswerMode.Model, dry.Outcome!.Mode);
        Assert.Equal("create_ticket", Assert.Single(dry.ToolCalls).Name);
        Assert.True(dry.ModelConfigured);
        Assert.Equal(tickets, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM tickets"));
        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations"));
    }
}
