using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Tools;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Tools;

/// <summary>
/// The model pipeline (function invocation, telemetry, logging, resilience around the backend's client) with
/// the conversation tools as Semantic Kernel functions: what the model is offered, and what happens when it calls them.
/// </summary>
public sealed class ModelPipelineTests : IDisposable
{
    private readonly ScriptedChatClient _model = new();
    private readonly ConversationToolsPlugin _plugin;
    private readonly ModelGateway _gateway;
    private readonly ServiceProvider _services;

    public ModelPipelineTests()
    {
        var services = _services = new ServiceCollection().AddSingleton<IChatClient>(_model).BuildServiceProvider();
        var options = new StaticOptions(new ConversationOptions { FirstTokenTimeoutSeconds = 5, MaxToolRounds = 3 });
        _gateway = new ModelGateway(services, options, NullLoggerFactory.Instance);
        var runner = new ToolRunner(new DemoOrderStore(), new TicketService(null!), Options.Create(new ToolOptions()), TimeProvider.System, NullLogger<ToolRunner>.Instance);
        _plugin = new ConversationToolsPlugin(runner);
    }

    public void Dispose()
    {
        _services.Dispose();
        _model.Dispose();
    }

    [Fact]
    public void TheModelIsOfferedTheThreeToolsByTheirOwnNamesWithTheirRequiredArguments()
    {
        var functions = _plugin.Functions.Cast<AIFunction>().ToDictionary(f => f.Name);

        Assert.Equal(new[] { ConversationTools.QueryOrderStatus, ConversationTools.CreateTicket, ConversationTools.HandoffToHuman }.Order(StringComparer.Ordinal), functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["order_id"], Required(functions[ConversationTools.QueryOrderStatus]));
        Assert.Equal(["summary", "contact"], Required(functions[ConversationTools.CreateTicket]));
        Assert.Equal(["reason"], Required(functions[ConversationTools.HandoffToHuman]));
        Assert.Contains("order number", functions[ConversationTools.QueryOrderStatus].Description, StringComparison.Ordinal);
        var orderId = functions[ConversationTools.QueryOrderStatus].JsonSchema.GetProperty("properties").GetProperty("order_id");
        Assert.Equal("string", orderId.GetProperty("type").GetString());
        Assert.Contains("LM20260001234", orderId.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AToolCallIsRunAndItsResultGoesBackToTheModelInTheSameRequest()
    {
        _model.Reset(call => call.ToolResults.Count > 0
            ? ScriptedChatClient.Say("Found it: " + call.ToolResults[0].Result)
            : ScriptedChatClient.CallTool(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = "LM20260001234" }));
        var context = new ToolContext(Guid.NewGuid(), conversationExists: false);

        var (text, results) = await AskAsync(context);

        Assert.Equal(2, _model.Calls.Count);
        var result = Assert.Single(results);
        Assert.Contains("\"found\":true", result, StringComparison.Ordinal);
        Assert.StartsWith("Found it: ", text, StringComparison.Ordinal);
        var record = Assert.Single(context.Calls);
        Assert.Equal((ConversationTools.QueryOrderStatus, true, ToolCallRecord.ModelCaller), (record.Name, record.Succeeded, record.Caller));
        Assert.Equal("LM20260001234", Assert.Single(context.Orders).OrderId);
    }

    [Fact]
    public async Task AMissingArgumentIsExplainedToTheModelAndTheFailedCallIsRecorded()
    {
        _model.Reset(call => call.ToolResults.Count > 0
            ? ScriptedChatClient.Say("Which order do you mean?")
            : ScriptedChatClient.CallTool(ConversationTools.QueryOrderStatus, new Dictionary<string, object?>()));
        var context = new ToolContext(Guid.NewGuid(), conversationExists: false);

        var (_, results) = await AskAsync(context);

        using var result = JsonDocument.Parse(Assert.Single(results));
        Assert.Equal("The argument 'order_id' is required.", result.RootElement.GetProperty("error").GetString());
        var record = Assert.Single(context.Calls);
        Assert.False(record.Succeeded);
    }

    [Fact]
    public async Task AHandoffEndsTheToolLoopWithoutAskingTheModelAgain()
    {
        _model.Reset(_ => ScriptedChatClient.CallTool(ConversationTools.HandoffToHuman, new Dictionary<string, object?> { ["reason"] = "wants a person" }));
        var context = new ToolContext(Guid.NewGuid(), conversationExists: false);

        await AskAsync(context);

        Assert.Single(_model.Calls);
        Assert.Equal("wants a person", context.HandoffRequested?.Detail);
    }

    [Fact]
    public async Task AModelThatKeepsCallingToolsIsAnsweredWithoutToolsAfterTheLastRound()
    {
        _model.Reset(call => call.Options?.Tools is { Count: > 0 }
            ? ScriptedChatClient.CallTool(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = "LM20260001234" })
            : ScriptedChatClient.Say("Here is what I found."));
        var context = new ToolContext(Guid.NewGuid(), conversationExists: false);

        var (text, _) = await AskAsync(context);

        Assert.Equal(3, context.Calls.Count);
        Assert.Equal("Here is what I found.", text);
    }

    private async Task<(string Text, List<string> ToolResults)> AskAsync(ToolContext context)
    {
        var options = new ChatOptions { Tools = [.. _plugin.Functions], ToolMode = ChatToolMode.Auto };
        var text = new System.Text.StringBuilder();
        var results = new List<string>();
        ToolContext.Current = context;
        try
        {
            await foreach (var update in _gateway.StreamAsync([new ChatMessage(ChatRole.User, "Where is my parcel?")], options, CancellationToken.None))
            {
                text.Append(update.Text);
                results.AddRange(update.Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? ""));
            }
        }
        finally
        {
            ToolContext.Current = null;
        }

        return (text.ToString(), results);
    }

    private static List<string> Required(AIFunction function) =>
        function.JsonSchema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [$"no 'required' in {function.JsonSchema}"];

    private sealed class StaticOptions(ConversationOptions value) : IOptionsMonitor<ConversationOptions>
    {
        public ConversationOptions CurrentValue => value;

        public ConversationOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConversationOptions, string?> listener) => null;
    }
}
