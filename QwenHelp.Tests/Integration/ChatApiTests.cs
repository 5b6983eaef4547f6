using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

public class ChatApiTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("如何重置密码?", "如何重置密码?", "zh")]
    [InlineData("How do I reset my password?", "How do I reset my password?", "en")]
    public async Task AnswersThePasswordQuestionDirectlyWithTheRightFaqCited(string message, string citedQuestion, string language)
    {
        var body = await AskAsync(message);

        // A repeated question is served from the answer cache: the same direct answer, faster.
        Assert.True(body.GetProperty("mode").GetString() is "direct" or "cache");
        Assert.Equal(language, body.GetProperty("language").GetString());
        var citation = Assert.Single(body.GetProperty("citations").EnumerateArray());
        Assert.Equal("faq", citation.GetProperty("kind").GetString());
        Assert.Equal(citedQuestion, citation.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("answer").GetString()));
    }

    [Theory]
    [InlineData("忘记密码了怎么办", "如何重置密码?")]
    [InlineData("I forgot my password", "How do I reset my password?")]
    public async Task AnswersAParaphraseFromTheRightFaq(string message, string citedQuestion)
    {
        var body = await AskAsync(message);

        // Direct when retrieval is sure, "this may help" when less so: either way the customer gets this FAQ's answer.
        Assert.True(body.GetProperty("mode").GetString() is "direct" or "fallback");
        Assert.Equal(citedQuestion, body.GetProperty("citations")[0].GetProperty("title").GetString());
    }

    private async Task<JsonElement> AskAsync(string message)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { message });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task StoresBothMessagesOfATurnAndContinuesTheSameConversationWithTheVisitorToken()
    {
        var first = await AskAsync("How do I reset my password?");
        var id = first.GetProperty("conversationId").GetGuid();
        var token = first.GetProperty("visitorToken").GetString();

        var second = await _client.PostAsJsonAsync("/api/chat", new { conversationId = id, message = "运费多少钱?", visitorToken = token });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetGuid());
        Assert.Equal(4, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM messages WHERE conversation_id = '{id.ToString().ToUpperInvariant()}'"));
    }

    [Fact]
    public async Task NobodyWritesIntoSomeoneElsesConversationByKnowingItsId()
    {
        var first = await AskAsync("How do I reset my password?");
        var id = first.GetProperty("conversationId").GetGuid();
        var stranger = (await AskAsync("运费多少钱?")).GetProperty("visitorToken").GetString();
        var messagesBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages");

        var withoutToken = await _client.PostAsJsonAsync("/api/chat", new { conversationId = id, message = "hello" });
        var withForeignToken = await _client.PostAsJsonAsync("/api/chat", new { conversationId = id, message = "hello", visitorToken = stranger });
        var withForgedToken = await _client.PostAsJsonAsync("/api/chat", new { conversationId = id, message = "hello", visitorToken = "forged" });

        Assert.Equal(HttpStatusCode.NotFound, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withForeignToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withForgedToken.StatusCode);
        Assert.Equal(messagesBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task SaysPlainlyWhenNothingMatches()
    {
        var body = await (await _client.PostAsJsonAsync("/api/chat", new { message = "xylophone quantum zebra" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("unanswered", body.GetProperty("mode").GetString());
        Assert.Empty(body.GetProperty("citations").EnumerateArray());
    }

    public static TheoryData<string, HttpStatusCode, string> BadRequests => new()
    {
        { """{"message":""}""", HttpStatusCode.BadRequest, "empty" },
        { """{"message":"   \n  "}""", HttpStatusCode.BadRequest, "empty" },
        { """{}""", HttpStatusCode.BadRequest, "empty" },
        { """{"message":""" + "\"" + new string('a', 4001) + "\"}", HttpStatusCode.RequestEntityTooLarge, "too long" },
        { """{"message": "hi" """, HttpStatusCode.BadRequest, "not valid JSON" },
        { """{"message": 42}""", HttpStatusCode.BadRequest, "not valid JSON" },
        { """{"conversationId":"not-a-guid","message":"hi"}""", HttpStatusCode.BadRequest, "not valid JSON" },
        { """{"conversationId":"0b5e0f3c-1111-2222-3333-444455556666","message":"hi"}""", HttpStatusCode.NotFound, "no conversation" },
        { "null", HttpStatusCode.BadRequest, "empty" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task RefusesBadInputWithAProblemAndStoresNothing(string json, HttpStatusCode expected, string detailContains)
    {
        var conversationsBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations");
        var messagesBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages");

        var response = await _client.PostAsync("/api/chat", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(conversationsBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations"));
        Assert.Equal(messagesBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task RefusesAPlainTextBodyAsUnsupportedMediaType()
    {
        var response = await _client.PostAsync("/api/chat", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("\"reset\" AND password* NEAR(forgot", "How do I reset my password?")]
    [InlineData("password\" OR \"*", "How do I reset my password?")]
    [InlineData("(((重置密码", "如何重置密码?")]
    [InlineData("question: reset password -answer", "How do I reset my password?")]
    public async Task SearchesFtsSyntaxAsPlainText(string message, string citedQuestion)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(citedQuestion, body.GetProperty("citations")[0].GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("AND OR NOT")]
    [InlineData("^&%$#@!")]
    public async Task AnswersPureSyntaxWithoutAnError(string message)
    {
        var response = await _client.PostAsJsonAsync("/api/chat", new { message });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
