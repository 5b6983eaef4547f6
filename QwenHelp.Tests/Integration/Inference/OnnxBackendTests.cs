using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.Backends;
using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Tokenization;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>The app composed with QwenHelp:Model:Backend = onnx, serving the tiny model.</summary>
public class OnnxBackendTests(InferenceFactory factory) : IClassFixture<InferenceFactory>
{
    private static readonly List<ChatMessage> Question = [new(ChatRole.System, "You are Lumen Mall's assistant."), new(ChatRole.User, "如何重置密码？")];

    private IChatClient Client => factory.Services.GetRequiredService<IChatClient>();

    [Fact]
    public void TheInProcessEngineIsTheRegisteredChatClient()
    {
        _ = factory.CreateClient();

        Assert.IsType<OnnxChatClient>(Client);
        var metadata = Client.GetService<ChatClientMetadata>()!;
        Assert.Equal("onnxruntime-genai", metadata.ProviderName);
        Assert.StartsWith("tiny-", metadata.DefaultModelId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamingGivesTheSameAnswerAsTheWholeResponse()
    {
        _ = factory.CreateClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 };

        var whole = await Client.GetResponseAsync(Question, options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client.GetStreamingResponseAsync(Question, options))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer arrived in one piece, not streamed");
        Assert.Equal(whole.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(16, whole.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, whole.FinishReason);
    }

    [Fact]
    public async Task ConcurrentRequestsShareTheModelAndEachGetsItsOwnAnswer()
    {
        _ = factory.CreateClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };
        List<ChatMessage> other = [new(ChatRole.User, "Where is my parcel?")];
        var expectedFirst = (await Client.GetResponseAsync(Question, options)).Text;
        var expectedSecond = (await Client.GetResponseAsync(other, options)).Text;

        var both = await Task.WhenAll(Client.GetResponseAsync(Question, options), Client.GetResponseAsync(other, options));

        Assert.NotEqual(expectedFirst, expectedSecond);
        Assert.Equal(expectedFirst, both[0].Text);
        Assert.Equal(expectedSecond, both[1].Text);
    }

    [Fact]
    public async Task StopSequenceFromTheRequestCutsTheAnswer()
    {
        _ = factory.CreateClient();
        var free = await Client.GetResponseAsync(Question, new ChatOptions { Temperature = 0, MaxOutputTokens = 16 });
        var stop = free.Text.Substring(free.Text.Length / 2, 1);

        var cut = await Client.GetResponseAsync(Question, new ChatOptions { Temperature = 0, MaxOutputTokens = 16, StopSequences = [stop] });

        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
    }

    [Fact]
    public async Task ReadinessShowsTheLiveBackendAndModel()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("model");
        Assert.Equal("Healthy", model.GetProperty("status").GetString());
        Assert.Equal("onnx", model.GetProperty("data").GetProperty("backend").GetString());
        Assert.StartsWith("tiny-", model.GetProperty("data").GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime GenAI, cpu", model.GetProperty("data").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ModelBackend.Onnx, factory.GetService<InferenceStatus>().Current.Backend);
    }

    [Fact]
    public void TokenCounterUsesTheModelsTokenizer()
    {
        _ = factory.CreateClient();

        var counter = factory.GetService<ITokenCounter>();

        Assert.Equal(QwenTokenizer.Load(Path.Combine(RepoPaths.Qwen3TokenizerFolder, "tokenizer.json")).EncodeToIds("如何重置密码？ How do I reset my password?").Count, counter.CountTokens("如何重置密码？ How do I reset my password?"));
    }

    [Fact]
    public async Task PromptLongerThanTheContextIsRefusedClearly()
    {
        _ = factory.CreateClient();
        var huge = string.Concat(Enumerable.Repeat("退款 refund 123 ", 2000));

        var error = await Assert.ThrowsAsync<PromptTooLongException>(() => Client.GetResponseAsync([new(ChatRole.User, huge)]));

        Assert.Contains("context holds 4096", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>One generation at a time and no waiting room: a second request is refused at once.</summary>
public class OnnxBackendBusyTests(OnnxBackendBusyTests.OneSlotFactory factory) : IClassFixture<OnnxBackendBusyTests.OneSlotFactory>
{
    [Fact]
    public async Task SecondRequestWhileTheOnlySlotIsBusyIsRefusedAtOnce()
    {
        _ = factory.CreateClient();
        var client = factory.Services.GetRequiredService<IChatClient>();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 200 };
        await using var first = client.GetStreamingResponseAsync([new(ChatRole.User, "first")], options).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync()); // the first generation holds the slot while it streams

        var error = await Assert.ThrowsAsync<InferenceBusyException>(() => client.GetResponseAsync([new(ChatRole.User, "second")], options));

        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusyModelAnswers503WithRetryAfterOnTheOpenAiEndpoint()
    {
        var http = factory.CreateApiKeyClient();
        var client = factory.Services.GetRequiredService<IChatClient>();
        await using var first = client.GetStreamingResponseAsync([new(ChatRole.User, "first")], new ChatOptions { MaxOutputTokens = 200 }).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        var response = await http.PostAsJsonAsync("/v1/model/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("model_busy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    public sealed class OneSlotFactory : InferenceFactory
    {
        protected override int MaxConcurrentGenerations => 1;

        protected override int QueueSize => 0;
    }
}

/// <summary>Start-up fails with a clear message when the in-process engine cannot start.</summary>
public class OnnxBackendStartupTests
{
    [Fact]
    public void ModelGenAiRefusesStopsStartUpWithGenAisReason()
    {
        using var temp = new TempDataFolder();
        var folder = TinyModel.CopyTo(Path.Combine(temp.Path, "model"));
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [1, 2, 3, 4]);
        using var factory = new BrokenFactory(folder: folder);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("ONNX Runtime GenAI cannot load the model", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void WrongGenAiConfigStopsStartUpNamingTheFileAndField()
    {
        using var temp = new TempDataFolder();
        var folder = TinyModel.CopyTo(Path.Combine(temp.Path, "model"));
        var config = Path.Combine(folder, "genai_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"qwen3\"", "\"gpt-neo\"", StringComparison.Ordinal));
        using var factory = new BrokenFactory(folder: folder);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("genai_config.json model.type", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void IncompleteModelFolderStopsStartUpNamingTheFile()
    {
        using var temp = new TempDataFolder();
        var folder = TinyModel.CopyTo(Path.Combine(temp.Path, "model"));
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        using var factory = new BrokenFactory(folder: folder);

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("tokenizer.json", Flatten(error), StringComparison.Ordinal);
        Assert.Contains("missing", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxBackendWithoutAModelPathIsRefusedNamingTheKey()
    {
        using var factory = new BrokenFactory(folder: "");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("QwenHelp:Model:Path", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error)
    {
        var text = "";
        for (var e = error; e is not null; e = e.InnerException)
        {
            text += e.Message + "\n";
        }

        return text;
    }

    private sealed class BrokenFactory(string? folder = null) : InferenceFactory
    {
        protected override string ModelFolder => folder ?? base.ModelFolder;
    }
}

/// <summary>The default (no model): no chat client, retrieval answers, the OpenAI endpoint says so.</summary>
public class NoModelBackendTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    [Fact]
    public async Task WithoutAModelNoChatClientIsRegisteredAndTheChatStillAnswers()
    {
        var http = factory.CreateClient();

        Assert.Null(factory.Services.GetService<IChatClient>());
        var answer = await http.PostAsJsonAsync("/api/chat", new { message = "如何重置密码?" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task ReadinessSaysThereIsNoModel()
    {
        var body = await (await factory.CreateClient().GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();

        var model = body.GetProperty("checks").GetProperty("model");
        Assert.Equal("Healthy", model.GetProperty("status").GetString());
        Assert.Equal("none", model.GetProperty("data").GetProperty("backend").GetString());
    }

    [Fact]
    public async Task OpenAiEndpointAnswers503WhenNoModelIsConfigured()
    {
        var response = await factory.CreateApiKeyClient().PostAsJsonAsync("/v1/model/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("model_not_available", error.GetProperty("code").GetString());
    }
}

/// <summary>QwenHelp:Model:Backend = openai: the SDK-backed client is registered and readiness names the server's model.</summary>
public class OpenAiBackendCompositionTests(OpenAiBackendCompositionTests.OpenAiFactory factory) : IClassFixture<OpenAiBackendCompositionTests.OpenAiFactory>
{
    [Fact]
    public async Task ReadinessNamesTheConfiguredServerAndModelBeforeAnyRequest()
    {
        var body = await (await factory.CreateClient().GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.IsType<OpenAiChatClient>(factory.Services.GetRequiredService<IChatClient>());
        var data = body.GetProperty("checks").GetProperty("model").GetProperty("data");
        Assert.Equal("openai", data.GetProperty("backend").GetString());
        Assert.Equal("qwen2.5:7b", data.GetProperty("model").GetString());
        Assert.Equal("http://127.0.0.1:9/v1", data.GetProperty("detail").GetString());
    }

    public sealed class OpenAiFactory : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["QwenHelp:Model:Backend"] = "openai",
            ["QwenHelp:Model:OpenAi:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["QwenHelp:Model:OpenAi:ModelId"] = "qwen2.5:7b",
        };
    }
}
