using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Configuration;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Configuration;

/// <summary>The model settings an admin saves in the portal: validated, kept in the data folder, in force for the next answer or after a restart.</summary>
public sealed class ModelSettingsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDataFolder _data = new();
    private FakeChatServer _model = null!;

    public async Task InitializeAsync() => _model = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task GenerationParametersAndContextBudgetSavedInThePortalReachTheModelOnTheNextAnswer()
    {
        await using var app = new DataFolderAppFactory(_data.Path, ModelServer());
        var service = app.Get<ModelSettingsService>();

        await AskAsync(app, "Write a short poem about teapots");
        var before = _model.LastRequestAbout("teapots");
        Assert.False(before.TryGetProperty("temperature", out _));
        Assert.Equal(1024, MaxTokens(before));

        var errors = await service.SaveAsync(service.Get().Settings with { Temperature = 0.25f, TopP = 0.8f, AnswerReserveTokens = 300 }, "alice");

        Assert.Empty(errors);
        await AskAsync(app, "Write a short poem about kettles");
        var after = _model.LastRequestAbout("kettles");
        Assert.Equal(0.25, after.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.8, after.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal(300, MaxTokens(after));

        var audit = await app.Get<AuditTrail>().RecentAsync(actionPrefix: "settings.model");
        var entry = Assert.Single(audit);
        Assert.Equal("alice", entry.Actor);
        Assert.Contains("Temperature (default) → 0.25", entry.Details, StringComparison.Ordinal);
        Assert.Contains("AnswerReserveTokens 1024 → 300", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsThatFailValidationAreRefusedWithTheReasonAndNothingIsSaved()
    {
        await using var app = new DataFolderAppFactory(_data.Path);
        var service = app.Get<ModelSettingsService>();
        var current = service.Get().Settings;

        var budget = await service.SaveAsync(current with { ContextTokens = 4096, AnswerReserveTokens = 2000, ToolReserveTokens = 512 }, "alice");
        var topP = await service.SaveAsync(current with { TopP = 1.5f }, "alice");
        var folder = await service.SaveAsync(current with { Backend = ModelBackend.Onnx, ModelPath = "/nowhere/qwen" }, "alice");
        var server = await service.SaveAsync(current with { Backend = ModelBackend.OpenAi, OpenAiBaseUrl = "not a url", OpenAiModelId = "qwen" }, "alice");

        Assert.Contains(budget.Values, e => e.Contains("at most half of QwenHelp:Conversation:ContextTokens", StringComparison.Ordinal));
        Assert.Contains(topP.Values, e => e.Contains("TopP must be in (0, 1]", StringComparison.Ordinal));
        Assert.Contains("/nowhere/qwen", folder[ModelSettings.Keys.Path], StringComparison.Ordinal);
        Assert.Contains(server.Values, e => e.Contains("must be an http(s) URL", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_data.Path, PortalSettingsFile.FileName)));
        Assert.Equal(current, service.Get().Settings);
        Assert.Empty(await app.Get<AuditTrail>().RecentAsync(actionPrefix: "settings.model"));
    }

    [Fact]
    public async Task ABackendSavedInThePortalIsUsedAfterARestartAndResetReturnsToConfiguration()
    {
        await using (var first = new DataFolderAppFactory(_data.Path))
        {
            var service = first.Get<ModelSettingsService>();
            var errors = await service.SaveAsync(service.Get().Settings with
            {
                Backend = ModelBackend.OpenAi,
                OpenAiBaseUrl = _model.Endpoint.ToString(),
                OpenAiModelId = "fake",
                OpenAiApiKey = "sk-test-secret",
            }, "alice");

            Assert.Empty(errors);
            var view = service.Get();
            Assert.Contains(ModelSettings.Keys.Backend, view.RestartPending);
            Assert.True(view.HasApiKey);
            Assert.Null(view.Settings.OpenAiApiKey);
            Assert.Equal(ModelBackend.None, first.Get<InferenceStatus>().Current.Backend);
            var audit = Assert.Single(await first.Get<AuditTrail>().RecentAsync(actionPrefix: "settings.model"));
            Assert.Contains("OpenAI API key changed", audit.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-test-secret", audit.Details, StringComparison.Ordinal);
        }

        await using (var second = new DataFolderAppFactory(_data.Path))
        {
            var answer = await AskAsync(second, "Write a short poem about teacups");

            Assert.Equal(FakeChatServer.Answer, answer.GetProperty("answer").GetString());
            Assert.Equal(ModelBackend.OpenAi, second.Get<InferenceStatus>().Current.Backend);
            Assert.Empty(second.Get<ModelSettingsService>().Get().RestartPending);

            await second.Get<ModelSettingsService>().ResetAsync("alice");
            Assert.Equal(ModelBackend.None, second.Get<ModelSettingsService>().Get().Settings.Backend);
        }

        await using var third = new DataFolderAppFactory(_data.Path);
        Assert.Equal(ModelBackend.None, third.Get<InferenceStatus>().Current.Backend);
    }

    [Fact]
    public async Task ASettingGivenByAHigherSourceIsShownAsLockedAndSavingDoesNotOverrideIt()
    {
        await using var app = new DataFolderAppFactory(_data.Path, ModelServer());
        var service = app.Get<ModelSettingsService>();

        var view = service.Get();
        Assert.Contains(ModelSettings.Keys.Backend, view.Locked.Keys);
        Assert.DoesNotContain(ModelSettings.Keys.MaxNewTokens, view.Locked.Keys);

        var errors = await service.SaveAsync(view.Settings with { Backend = ModelBackend.None, MaxNewTokens = 200 }, "alice");

        Assert.Empty(errors);
        var saved = await File.ReadAllTextAsync(Path.Combine(_data.Path, PortalSettingsFile.FileName));
        Assert.DoesNotContain("Backend", saved, StringComparison.Ordinal);
        Assert.Equal(ModelBackend.OpenAi, service.Get().Settings.Backend);
        Assert.Equal(200, app.Get<IOptionsMonitor<InferenceOptions>>().CurrentValue.Generation.MaxNewTokens);
    }

    private Dictionary<string, string> ModelServer() => new()
    {
        [ModelSettings.Keys.Backend] = "openai",
        [ModelSettings.Keys.BaseUrl] = _model.Endpoint.ToString(),
        [ModelSettings.Keys.ModelId] = "fake",
    };

    private static int MaxTokens(JsonElement request) =>
        (request.TryGetProperty("max_completion_tokens", out var value) ? value : request.GetProperty("max_tokens")).GetInt32();

    private static async Task<JsonElement> AskAsync(DataFolderAppFactory app, string message)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/chat", new { message, language = "en" });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
