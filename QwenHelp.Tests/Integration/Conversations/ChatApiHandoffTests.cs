using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Tools;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Conversations;

public class ChatApiHandoffTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task TheApiReportsAHandoffAndTheWaitingState()
    {
        var body = await (await _client.PostAsJsonAsync("/api/chat", new { message = "human please" })).Content.ReadFromJsonAsync<JsonElement>();
        var next = await (await _client.PostAsJsonAsync("/api/chat", new { conversationId = body.GetProperty("conversationId").GetGuid(), message = "hello?", visitorToken = body.GetProperty("visitorToken").GetString() })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("handoff", body.GetProperty("mode").GetString());
        Assert.Equal("waitingForAgent", body.GetProperty("state").GetString());
        Assert.Equal("customer_request", body.GetProperty("handoffReason").GetString());
        Assert.Equal("waitingForAgent", next.GetProperty("state").GetString());
        Assert.False(next.TryGetProperty("handoffReason", out _));
    }

    [Fact]
    public async Task AToolCallThatTakesTooLongFailsWithATimeoutInsteadOfHangingTheTurn()
    {
        var runner = new ToolRunner(new HangingOrders(), new TicketService(null!), Options.Create(new ToolOptions { CallTimeoutSeconds = 0.2 }), TimeProvider.System, NullLogger<ToolRunner>.Instance);
        var context = new ToolContext(Guid.NewGuid(), conversationExists: false);

        var outcome = await runner.InvokeAsync(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = "LM20260001234" }, context, ToolCallRecord.ModelCaller, default);

        Assert.False(outcome.Succeeded);
        Assert.Equal("timeout", outcome.Record.Error);
        Assert.Contains("did not answer in time", outcome.ResultJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("query_order_status", "{}", "required")]
    [InlineData("query_order_status", """{"order_id":"12345"}""", "not an order number")]
    [InlineData("delete_everything", "{}", "no tool named")]
    public async Task ABadToolCallGetsAnErrorTheModelCanRead(string name, string arguments, string error)
    {
        var runner = new ToolRunner(new HangingOrders(), new TicketService(null!), Options.Create(new ToolOptions()), TimeProvider.System, NullLogger<ToolRunner>.Instance);
        var args = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments);

        var outcome = await runner.InvokeAsync(name, args, new ToolContext(Guid.NewGuid(), false), ToolCallRecord.ModelCaller, default);

        Assert.False(outcome.Succeeded);
        Assert.Contains(error, outcome.ResultJson, StringComparison.Ordinal);
    }

    private sealed class HangingOrders : IOrderStatusSource
    {
        public async Task<OrderStatus?> FindAsync(string orderId, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }
}
