using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

/// <summary>Turns of many conversations at once: they are stored together (group commit), each exactly once.</summary>
public class ChatApiLoadTests(ChatApiLoadTests.NoRateLimitFactory factory) : IClassFixture<ChatApiLoadTests.NoRateLimitFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ManyCustomersAskingAtOnceAllGetAnswersThatAreStoredWithTheirMetrics()
    {
        string[] questions = ["How do I reset my password?", "运费怎么算?", "How do I return an item?", "退款多久到账?"];

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => AskAsync(questions[i % questions.Length])));

        Assert.Equal(40, answers.Select(a => a.GetProperty("conversationId").GetGuid()).Distinct().Count());
        foreach (var answer in answers)
        {
            var id = answer.GetProperty("conversationId").GetGuid().ToString().ToUpperInvariant();
            var replyId = answer.GetProperty("messageId").GetInt64();
            Assert.Equal(2, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM messages WHERE conversation_id = '{id}'"));
            Assert.Equal(replyId, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT MAX(id) FROM messages WHERE conversation_id = '{id}'"));
            Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM turn_metrics WHERE message_id = {replyId} AND conversation_id = '{id}'"));
        }
    }

    private async Task<JsonElement> AskAsync(string message)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { message });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public sealed class NoRateLimitFactory : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["QwenHelp:RateLimits:ChatPerMinutePerClient"] = "0",
        };
    }
}
