using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

public class ChatStreamApiTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Reads an event stream the way an SSE client does: "event:" and "data:" lines, a blank line ends an event.</summary>
    private static async Task<List<(string Event, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name ?? "message", JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
            }
        }

        return events;
    }

    [Fact]
    public async Task StreamsTheAnswerAsEventsEndingWithTheStoredTurn()
    {
        var response = await _client.PostAsJsonAsync("/api/chat/stream", new { message = "如何重置密码?" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response);
        Assert.Equal("start", events[0].Event);
        Assert.Equal("done", events[^1].Event);
        var streamed = string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        var done = events[^1].Data;
        Assert.Equal(done.GetProperty("answer").GetString(), streamed);
        Assert.Equal("如何重置密码?", done.GetProperty("citations")[0].GetProperty("title").GetString());
        Assert.Equal(events[0].Data.GetProperty("conversationId").GetGuid(), done.GetProperty("conversationId").GetGuid());
    }

    [Fact]
    public async Task ARefusedMessageGetsAProblemInsteadOfAStream()
    {
        var response = await _client.PostAsJsonAsync("/api/chat/stream", new { message = "   " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AVisitorReadsBackTheirConversationAndRatesAnAnswer()
    {
        var answer = await (await _client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("conversationId").GetGuid();
        var token = answer.GetProperty("visitorToken").GetString()!;
        var messageId = answer.GetProperty("messageId").GetInt64();

        var rated = await _client.PostAsJsonAsync("/api/feedback", new { conversationId = id, messageId, rating = "down", comment = "Too long", visitorToken = token });
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{id}");
        read.Headers.Add("X-Visitor-Token", token);
        var transcript = await (await _client.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NoContent, rated.StatusCode);
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM feedback WHERE message_id = {messageId} AND rating = -1 AND comment = 'Too long'"));
        var messages = transcript.GetProperty("messages");
        Assert.Equal(["customer", "assistant"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(-1, messages[1].GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task AConversationCannotBeReadOrRatedWithoutItsVisitorsToken()
    {
        var answer = await (await _client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("conversationId").GetGuid();
        var messageId = answer.GetProperty("messageId").GetInt64();
        var otherToken = (await (await _client.PostAsJsonAsync("/api/chat", new { message = "hi" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorToken").GetString();

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{id}");
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{id}");
        foreign.Headers.Add("X-Visitor-Token", otherToken);
        var rate = await _client.PostAsJsonAsync("/api/feedback", new { conversationId = id, messageId, rating = "up", visitorToken = otherToken });

        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rate.StatusCode);
        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM feedback WHERE message_id = {messageId}"));
    }

    [Theory]
    [InlineData("sideways", HttpStatusCode.BadRequest)]
    [InlineData(null, HttpStatusCode.BadRequest)]
    public async Task ABadRatingIsRefused(string? rating, HttpStatusCode expected)
    {
        var answer = await (await _client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await _client.PostAsJsonAsync("/api/feedback", new
        {
            conversationId = answer.GetProperty("conversationId").GetGuid(),
            messageId = answer.GetProperty("messageId").GetInt64(),
            rating,
            visitorToken = answer.GetProperty("visitorToken").GetString(),
        });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
