using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Tests.Support;

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
