using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Tools;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Conversations;

public class CircuitBreakerTests(BreakerFactory factory) : IClassFixture<BreakerFactory>
{
    private readonly EngineTestKit _kit = new(factory);

    [Fact]
    public async Task AFailingModelIsLeftAloneOnceTheBreakerOpensAndEveryTurnIsStillAnswered()
    {
        factory.Model.Reset(_ => ScriptedChatClient.Fail(new HttpRequestException("connection refused")));

        var answers = new List<Domain.Conversations.TurnMetrics>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await _kit.SayAsync(null, $"Which payment methods and invoices work for companies? ({i})")).Metrics);
        }

        Assert.Equal(2, factory.Model.Calls.Count);
        Assert.Equal(["error", "error", "circuit_open", "circuit_open"], answers.Select(a => a.FallbackReason));
        Assert.All(answers, a => Assert.Equal(AnswerMode.Fallback, a.AnswerMode));
    }
}

/// <summary>The app with a model and an order system that is down.</summary>
public sealed class OrderSystemDownFactory : EngineFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IOrderStatusSource, DownOrderSystem>());
    }

    private sealed class DownOrderSystem : IOrderStatusSource
    {
        public Task<OrderStatus?> FindAsync(string orderId, CancellationToken cancellationToken) =>
            throw new OrderSystemUnavailableException("503 Service Unavailable");
    }
}

public class ToolFailureTests(OrderSystemDownFactory factory) : IClassFixture<OrderSystemDownFactory>
{
    private readonly EngineTestKit _kit = new(factory);

    [Fact]
    public async Task AFailedToolCallIsFedBackToTheModelWhichAnswersGracefully()
    {
        factory.Model.Reset(call => call.ToolResults.Count > 0
            ? ScriptedChatClient.Say(call.ToolResults[0].Result!.ToString()!.Contains("unavailable", StringComparison.Ordinal)
                ? "Sorry, I can't look up orders right now. Shall I get a colleague?"
                : "Your order is fine.")
            : ScriptedChatClient.CallTool(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = "LM20260001234" }));

        var answer = await _kit.SayAsync(null, "Has LM20260001234 been sent out already?");

        Assert.Equal(AnswerMode.Model, answer.Mode);
        Assert.StartsWith("Sorry, I can't look up orders", answer.Answer, StringComparison.Ordinal);
        Assert.Equal(1, answer.Metrics.ToolFailures);
        Assert.Equal(1, _kit.Scalar($"SELECT COUNT(*) FROM tool_calls WHERE message_id = {answer.MessageId} AND succeeded = 0 AND error LIKE '%503%'"));
    }

    [Fact]
    public async Task WhenTheModelFailsTooTheOrderRuleAnswersThatTheOrderSystemIsUnavailable()
    {
        factory.Model.Reset(_ => ScriptedChatClient.Fail(new HttpRequestException("model down")));

        var answer = await _kit.SayAsync(null, "我的订单LM20260001234到哪了？");

        Assert.Equal(AnswerMode.Tool, answer.Mode);
        Assert.Contains("订单系统暂时无法查询", answer.Answer, StringComparison.Ordinal);
        Assert.Equal("error", answer.Metrics.FallbackReason);
        Assert.Equal(1, answer.Metrics.ToolFailures);
    }
}

public class HttpOrderStatusSourceTests
{
    private static HttpOrderStatusSource Source(Func<HttpRequestMessage, HttpResponseMessage> respond, out List<HttpRequestMessage> requests)
    {
        var seen = new List<HttpRequestMessage>();
        requests = seen;
        var options = Options.Create(new ToolOptions
        {
            OrderSystem = new OrderSystemOptions { Endpoint = "https://erp.example.test/api/orders/{orderId}", ApiKeyHeader = "X-Api-Key", ApiKey = "k-123" },
        });
        return new HttpOrderStatusSource(new StubClients(request =>
        {
            seen.Add(request);
            return respond(request);
        }), options);
    }

    [Fact]
    public async Task ReadsAnOrderFromTheConfiguredEndpointInSnakeOrCamelCase()
    {
        var source = Source(_ => Json("""{"order_id":"LM20260009999","status":"Shipped","carrier":"SF Express","tracking_number":"SF1","items":[{"name":"Lamp","qty":2,"price":10.5}]}"""), out var requests);

        var order = await source.FindAsync("LM20260009999", default);

        Assert.NotNull(order);
        Assert.Equal(("shipped", "SF1"), (order.Status, order.TrackingNumber));
        Assert.Equal(2, Assert.Single(order.Items).Quantity);
        var request = Assert.Single(requests);
        Assert.Equal("https://erp.example.test/api/orders/LM20260009999", request.RequestUri!.ToString());
        Assert.Equal("k-123", request.Headers.GetValues("X-Api-Key").Single());
    }

    [Fact]
    public async Task NotFoundMeansNoSuchOrder()
    {
        var source = Source(_ => new HttpResponseMessage(HttpStatusCode.NotFound), out _);

        Assert.Null(await source.FindAsync("LM20260009999", default));
    }

    [Fact]
    public async Task AServerErrorIsRetriedOnceBecauseALookupIsSafeToRepeat()
    {
        var calls = 0;
        var source = Source(_ => ++calls == 1 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : Json("""{"orderId":"LM20260009999","status":"paid"}"""), out var requests);

        var order = await source.FindAsync("LM20260009999", default);

        Assert.Equal("paid", order!.Status);
        Assert.Equal(2, requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}")]
    [InlineData(HttpStatusCode.OK, "<html>not json</html>")]
    [InlineData(HttpStatusCode.OK, "[1,2,3]")]
    [InlineData(HttpStatusCode.Unauthorized, "{}")]
    public async Task AnythingElseIsReportedAsTheOrderSystemBeingUnavailable(HttpStatusCode status, string body)
    {
        var source = Source(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, out _);

        await Assert.ThrowsAsync<OrderSystemUnavailableException>(() => source.FindAsync("LM20260009999", default));
    }

    private static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class StubClients(Func<HttpRequestMessage, HttpResponseMessage> respond) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Handler(respond));

        private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond(request));
        }
    }
}
