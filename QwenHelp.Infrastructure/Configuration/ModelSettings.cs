using System.Globalization;
using Microsoft.Extensions.Configuration;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Inference;

namespace QwenHelp.Infrastructure.Configuration;

/// <summary>
/// The model backend, generation parameters and context budget as the Settings page edits them.
/// They are ordinary configuration keys (QwenHelp:Model:*, QwenHelp:Conversation:*); what an admin
/// saves is written to the data folder's portal settings file (<see cref="PortalSettingsFile"/>).
/// </summary>
public sealed record ModelSettings
{
    public ModelBackend Backend { get; init; }

    /// <summary>The model folder (onnx).</summary>
    public string ModelPath { get; init; } = "";

    public ExecutionProvider ExecutionProvider { get; init; }

    public string OpenAiBaseUrl { get; init; } = "";

    public string OpenAiModelId { get; init; } = "";

    /// <summary>The OpenAI-compatible server's key; never shown again once saved. Null: keep the saved one.</summary>
    public string? OpenAiApiKey { get; init; }

    public int MaxNewTokens { get; init; }

    /// <summary>Null: the model's own default (genai_config.json, or the server's).</summary>
    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public float? RepetitionPenalty { get; init; }

    public int ContextTokens { get; init; }

    public int AnswerReserveTokens { get; init; }

    public int ToolReserveTokens { get; init; }

    public int RetrievalPassages { get; init; }

    public int HistoryTurns { get; init; }

    public double FirstTokenTimeoutSeconds { get; init; }

    /// <summary>The keys that take effect only when the app starts again (the backend is chosen at start-up).</summary>
    public static IReadOnlySet<string> RestartKeys { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        Keys.Backend, Keys.Path, Keys.ExecutionProvider, Keys.BaseUrl, Keys.ModelId, Keys.ApiKey,
    };

    /// <summary>The settings as the given configuration has them.</summary>
    public static ModelSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var model = configuration.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions();
        var conversation = configuration.GetSection(ConversationOptions.Section).Get<ConversationOptions>() ?? new ConversationOptions();
        return From(model, conversation);
    }

    public static ModelSettings From(InferenceOptions model, ConversationOptions conversation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(conversation);
        return new ModelSettings
        {
            Backend = model.Backend,
            ModelPath = model.Path,
            ExecutionProvider = model.ExecutionProvider,
            OpenAiBaseUrl = model.OpenAi.BaseUrl,
            OpenAiModelId = model.OpenAi.ModelId,
            OpenAiApiKey = model.OpenAi.ApiKey,
            MaxNewTokens = model.Generation.MaxNewTokens,
            Temperature = model.Generation.Temperature,
            TopP = model.Generation.TopP,
            TopK = model.Generation.TopK,
            RepetitionPenalty = model.Generation.RepetitionPenalty,
            ContextTokens = conversation.ContextTokens,
            AnswerReserveTokens = conversation.AnswerReserveTokens,
            ToolReserveTokens = conversation.ToolReserveTokens,
            RetrievalPassages = conversation.RetrievalPassages,
            HistoryTurns = conversation.HistoryTurns,
            FirstTokenTimeoutSeconds = conversation.FirstTokenTimeoutSeconds,
        };
    }

    /// <summary>The settings as configuration keys and values ("" for a cleared optional value).</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [Keys.Backend] = Backend.ToString(),
            [Keys.Path] = ModelPath.Trim(),
            [Keys.ExecutionProvider] = ExecutionProvider.ToString(),
            [Keys.BaseUrl] = OpenAiBaseUrl.Trim(),
            [Keys.ModelId] = OpenAiModelId.Trim(),
            [Keys.MaxNewTokens] = Text(MaxNewTokens),
            [Keys.Temperature] = Text(Temperature),
            [Keys.TopP] = Text(TopP),
            [Keys.TopK] = Text(TopK),
            [Keys.RepetitionPenalty] = Text(RepetitionPenalty),
            [Keys.ContextTokens] = Text(ContextTokens),
            [Keys.AnswerReserveTokens] = Text(AnswerReserveTokens),
            [Keys.ToolReserveTokens] = Text(ToolReserveTokens),
            [Keys.RetrievalPassages] = Text(RetrievalPassages),
            [Keys.HistoryTurns] = Text(HistoryTurns),
            [Keys.FirstTokenTimeoutSeconds] = Text(FirstTokenTimeoutSeconds),
        };
        if (OpenAiApiKey is not null)
        {
            values[Keys.ApiKey] = OpenAiApiKey.Trim();
        }

        return values;
    }

    private static string Text<T>(T? value) where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Text<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>The configuration keys the Settings page may write.</summary>
    public static class Keys
    {
        private const string Model = InferenceOptions.Section + ":";
        private const string Conversation = ConversationOptions.Section + ":";

        public const string Backend = Model + nameof(InferenceOptions.Backend);
        public const string Path = Model + nameof(InferenceOptions.Path);
        public const string ExecutionProvider = Model + nameof(InferenceOptions.ExecutionProvider);
        public const string BaseUrl = Model + "OpenAi:" + nameof(OpenAiBackendOptions.BaseUrl);
        public const string ModelId = Model + "OpenAi:" + nameof(OpenAiBackendOptions.ModelId);
        public const string ApiKey = Model + "OpenAi:" + nameof(OpenAiBackendOptions.ApiKey);
        public const string MaxNewTokens = Model + "Generation:" + nameof(GenerationDefaults.MaxNewTokens);
        public const string Temperature = Model + "Generation:" + nameof(GenerationDefaults.Temperature);
        public const string TopP = Model + "Generation:" + nameof(GenerationDefaults.TopP);
        public const string TopK = Model + "Generation:" + nameof(GenerationDefaults.TopK);
        public const string RepetitionPenalty = Model + "Generation:" + nameof(GenerationDefaults.RepetitionPenalty);
        public const string ContextTokens = Conversation + nameof(ConversationOptions.ContextTokens);
        public const string AnswerReserveTokens = Conversation + nameof(ConversationOptions.AnswerReserveTokens);
        public const string ToolReserveTokens = Conversation + nameof(ConversationOptions.ToolReserveTokens);
        public const string RetrievalPassages = Conversation + nameof(ConversationOptions.RetrievalPassages);
        public const string HistoryTurns = Conversation + nameof(ConversationOptions.HistoryTurns);
        public const string FirstTokenTimeoutSeconds = Conversation + nameof(ConversationOptions.FirstTokenTimeoutSeconds);
    }
}
