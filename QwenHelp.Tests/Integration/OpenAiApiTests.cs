using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.Backends;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

/// <summary>The OpenAI-compatible /v1/chat/completions as integrators use it: the assistant itself, no model needed, behind API keys.</summary>
public class OpenAiApiTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private OpenAiChatClient Sdk()
    {
        var http = factory.CreateClient();
        var options = Options.Create(new InferenceOptions
        {
            Backend = ModelBackend.OpenAi,
            OpenAi = { BaseUrl = new Uri(http.BaseAddress!, "v1").ToString(), ModelId = "qwenhelp", ApiKey = factory.ApiKey },
        });
        return new OpenAiChatClient(options, new InferenceStatus(), new HttpClientPipelineTransport(http));
    }

    [Fact]
    public async Task TheCurlFromTheIssueAnswersFromTheKnowledgeBase()
    {
        var response = await factory.CreateApiKeyClient().PostAsync("/v1/chat/completions", new StringContent(
            """{"messages":[{"role":"user","content":"你好,如何重置密码?"}],"max_tokens":100}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Contains("忘记密码", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() <= 100);
    }

    [Fact]
    public async Task TheOfficialSdkGetsTheSameAnswerStreamedAndNot()
    {
        using var sdk = Sdk();
        List<ChatMessage> question = [new(ChatRole.User, "How do I reset my password?")];

        var whole = await sdk.GetResponseAsync(question);
        var parts = new StringBuilder();
        await foreach (var update in sdk.GetStreamingResponseAsync(question))
        {
            parts.Append(update.Text);
        }

        Assert.Contains("Forgot password", whole.Text, StringComparison.Ordinal);
        Assert.Equal(whole.Text, parts.ToString());
    }

    [Fact]
    public async Task MaxTokensCutsTheAnswerAndSaysSo()
    {
        var response = await factory.CreateApiKeyClient().PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "How do I reset my password?" } },
            max_tokens = 5,
        });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.True(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32() <= 5);
    }

    [Fact]
    public async Task TheSameUserIdContinuesOneConversation()
    {
        var client = factory.CreateApiKeyClient();
        foreach (var text in new[] { "My order is LM20260001234", "How do I reset my password?" })
        {
            await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = text } }, user = "crm-customer-77" });
        }

        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations WHERE channel = 'openai' AND visitor_id LIKE '%:crm-customer-77'"));
        Assert.Equal(4, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id LIKE '%:crm-customer-77'"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer qh_not-a-key")]
    [InlineData("Basic abc")]
    public async Task ACallWithoutAValidKeyIsRefused(string? authorization)
    {
        var client = factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ARevokedKeyIsRefused()
    {
        var keys = factory.GetService<QwenHelp.Infrastructure.ApiAccess.ApiKeyService>();
        var (key, secret) = await keys.CreateAsync("to revoke", "tests");
        await keys.RevokeAsync(key.Id);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);

        var response = await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"messages\": [", HttpStatusCode.BadRequest)]
    [InlineData("{\"messages\": []}", HttpStatusCode.BadRequest)]
    [InlineData("{\"messages\": [{\"role\":\"user\",\"content\":\"   \"}]}", HttpStatusCode.BadRequest)]
    public async Task BadRequestsGetAnOpenAiErrorObject(string json, HttpStatusCode expected)
    {
        var response = await factory.CreateApiKeyClient().PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString()));
    }
}
