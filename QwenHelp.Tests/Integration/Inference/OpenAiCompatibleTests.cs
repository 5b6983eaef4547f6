using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.Backends;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>
/// The OpenAI-compatible backend (official OpenAI SDK) against a real server: the app's own
/// /v1/chat/completions, serving the tiny model through the in-process engine.
/// </summary>
public class OpenAiCompatibleTests(InferenceFactory factory) : IClassFixture<InferenceFactory>
{
    private static readonly List<ChatMessage> Question = [new(ChatRole.User, "我的快递到哪了？")];

    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 12 };

    [Fact]
    public async Task OpenAiBackendReturnsWhatTheInProcessEngineGenerates()
    {
        using var openAi = OpenAiClientFor(factory);
        var engine = factory.Services.GetRequiredService<IChatClient>();

        var direct = await engine.GetResponseAsync(Question, Greedy);
        var remote = await openAi.GetResponseAsync(Question, Greedy);

        Assert.False(string.IsNullOrEmpty(direct.Text));
        Assert.Equal(direct.Text, remote.Text);
        Assert.Equal(12, remote.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, remote.FinishReason);
        Assert.StartsWith("tiny-", remote.ModelId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingThroughTheOpenAiBackendArrivesInPiecesAndAddsUp()
    {
        using var openAi = OpenAiClientFor(factory);
        var direct = await factory.Services.GetRequiredService<IChatClient>().GetResponseAsync(Question, Greedy);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in openAi.GetStreamingResponseAsync(Question, Greedy))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        Assert.Equal(direct.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Length);
    }

    [Fact]
    public async Task NonStreamingResponseHasTheOpenAiShape()
    {
        var response = await factory.CreateApiKeyClient().PostAsJsonAsync("/v1/model/chat/completions", new
        {
            model = "anything",
            messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = new[] { new { type = "text", text = "hi" } } } },
            max_tokens = 5,
            temperature = 0,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(5, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamingResponseIsServerSentEventsEndingWithDone()
    {
        var response = await factory.CreateApiKeyClient().PostAsJsonAsync("/v1/model/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "hi" } },
            max_tokens = 4,
            stream = true,
            stream_options = new { include_usage = true },
        });

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(4, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Theory]
    [InlineData("{}", "messages")]
    [InlineData("{\"messages\": []}", "messages")]
    [InlineData("{\"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}", "messages[0].role")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": 9}", "temperature")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": -1}", "max_tokens")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}", "messages[0].content")]
    public async Task BadRequestsAreRefusedNamingTheParameter(string json, string param)
    {
        var response = await factory.CreateApiKeyClient().PostAsync("/v1/model/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task MalformedJsonIsRefused()
    {
        var response = await factory.CreateApiKeyClient().PostAsync("/v1/model/chat/completions", new StringContent("{\"messages\": [", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeBodyIsRefusedBeforeItIsRead()
    {
        var huge = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + new string('x', 2 * 1024 * 1024) + "\"}]}";

        var response = await factory.CreateApiKeyClient().PostAsync("/v1/model/chat/completions", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PromptLongerThanTheContextIsA400WithOpenAisCode()
    {
        var response = await factory.CreateApiKeyClient().PostAsJsonAsync("/v1/model/chat/completions", new
        {
            messages = new[] { new { role = "user", content = string.Concat(Enumerable.Repeat("退款 refund 123 ", 2000)) } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("context_length_exceeded", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnreachableServerGivesAClearErrorAndDegradesReadiness()
    {
        var status = new InferenceStatus();
        var options = Options.Create(new InferenceOptions { Backend = ModelBackend.OpenAi, RequestTimeoutSeconds = 5, OpenAi = { BaseUrl = "http://127.0.0.1:9/v1", ModelId = "qwen" } });
        using var client = new OpenAiChatClient(options, status, transport: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Question));

        Assert.Contains("http://127.0.0.1:9/v1", error.Message, StringComparison.Ordinal);
        Assert.NotNull(status.Current.Error);
    }

    internal static OpenAiChatClient OpenAiClientFor(QwenHelpFactory server)
    {
        var http = server.CreateClient();
        var options = Options.Create(new InferenceOptions
        {
            Backend = ModelBackend.OpenAi,
            OpenAi = { BaseUrl = new Uri(http.BaseAddress!, "v1/model").ToString(), ModelId = "tiny", ApiKey = server.ApiKey },
        });
        return new OpenAiChatClient(options, new InferenceStatus(), new HttpClientPipelineTransport(http));
    }
}

/// <summary>Tool calls both ways through the OpenAI SDK and our endpoint (the model is a stand-in that calls a tool).</summary>
public class OpenAiToolCallTests(OpenAiToolCallTests.ToolCallingFactory factory) : IClassFixture<OpenAiToolCallTests.ToolCallingFactory>
{
    private static readonly ChatOptions WithTool = new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration("get_order", "Looks up an order", JsonDocument.Parse("""{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}""").RootElement)],
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolCallsAndResultsRoundTrip(bool streaming)
    {
        using var openAi = OpenAiCompatibleTests.OpenAiClientFor(factory);
        List<ChatMessage> history = [new(ChatRole.User, "Where is order 42?")];

        var first = streaming ? await openAi.GetStreamingResponseAsync(history, WithTool).ToChatResponseAsync() : await openAi.GetResponseAsync(history, WithTool);

        var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal("get_order", call.Name);
        Assert.Equal(42, ((JsonElement)call.Arguments!["id"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal(["get_order"], factory.Model.SeenTools);

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "shipped via SF Express")]));
        var second = await openAi.GetResponseAsync(history, WithTool);

        Assert.Equal($"result for {call.CallId}: shipped via SF Express", second.Text);
    }

    public sealed class ToolCallingFactory : QwenHelpFactory
    {
        public ToolCallingModel Model { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IChatClient>(Model));
        }
    }

    /// <summary>Calls get_order for a question, answers with the tool result once it has one.</summary>
    public sealed class ToolCallingModel : IChatClient
    {
        public List<string> SeenTools { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            SeenTools.Clear();
            SeenTools.AddRange(options?.Tools?.Select(t => t.Name) ?? []);
            var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
            if (result is null)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_abc", "get_order", new Dictionary<string, object?> { ["id"] = 42 })]) { FinishReason = ChatFinishReason.ToolCalls };
            }
            else
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, $"result for {result.CallId}: {result.Result}") { FinishReason = ChatFinishReason.Stop };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
