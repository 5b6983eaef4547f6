using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Domain.Chat;
using QwenHelp.Tests.Support;
using QwenHelp.Web.Components.Pages.Widget;
using QwenHelp.Web.Widget;

namespace QwenHelp.Tests.Integration.Widget;

public class RateLimitTests(RateLimitTests.TightLimitFactory factory) : IClassFixture<RateLimitTests.TightLimitFactory>
{
    [Fact]
    public async Task ChatBeyondTheLimitGets429WithRetryAfterAndStoresNothing()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).StatusCode);
        }

        var messagesBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages");
        var refused = await client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(messagesBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task AnApiKeyBeyondItsLimitGets429WithRetryAfter()
    {
        var client = factory.CreateApiKeyClient();
        var request = new { messages = new[] { new { role = "user", content = "How do I reset my password?" } } };
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", request)).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/v1/chat/completions", request);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        // OpenAI SDKs read OpenAI's error object (and retry on this code), not problem+json.
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheWidgetRefusesMessagesBeyondThePerIpLimitEvenAcrossSeveralOpenWidgets()
    {
        // Each open widget is a circuit; all of them from one address share the address's budget of 3.
        factory.GetService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.7") } };
        using var firstScope = factory.Services.CreateScope();
        using var secondScope = factory.Services.CreateScope();
        var first = await OpenWidgetAsync(firstScope);
        var second = await OpenWidgetAsync(secondScope);
        factory.GetService<IHttpContextAccessor>().HttpContext = null;

        Assert.Null(await first.SendAsync("How do I reset my password?", "en", default));
        Assert.Null(await first.SendAsync("How much is shipping?", "en", default));
        Assert.Null(await second.SendAsync("How do I return an item?", "en", default));
        var messagesBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages");

        Assert.Equal(ChatErrorKind.RateLimited, await second.SendAsync("How do I use my points?", "en", default));
        Assert.Equal(ChatErrorKind.RateLimited, await first.SendAsync("How do I use my points?", "en", default));
        Assert.Equal(messagesBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    private static async Task<WidgetSession> OpenWidgetAsync(IServiceScope scope)
    {
        var session = scope.ServiceProvider.GetRequiredService<WidgetSession>();
        await session.StartAsync(VisitorTokens.NewVisitorId(), action =>
        {
            action();
            return Task.CompletedTask;
        }, default);
        return session;
    }

    public sealed class TightLimitFactory : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["QwenHelp:RateLimits:ChatPerMinutePerClient"] = "3",
            ["QwenHelp:RateLimits:ApiPerMinutePerKey"] = "2",
        };
    }
}
