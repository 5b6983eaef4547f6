using System.Text.Json;

namespace QwenHelp.Infrastructure.Inference.Models;

/// <summary>What QwenHelp reads from onnxruntime-genai's genai_config.json.</summary>
public sealed record GenAiConfig
{
    public required string ModelType { get; init; }

    public required int BosTokenId { get; init; }

    public required IReadOnlyList<int> EosTokenIds { get; init; }

    public required int PadTokenId { get; init; }

    public required int ContextLength { get; init; }

    public int? VocabSize { get; init; }

    public required DecoderConfig Decoder { get; init; }

    public required SearchDefaults Search { get; init; }

    public const string FileName = "genai_config.json";

    /// <summary>Reads and checks genai_config.json; every problem names the field.</summary>
    public static GenAiConfig Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new ModelFolderException(folder, FileName, "", "the file is missing (an onnxruntime-genai model builder export has one).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new ModelFolderException(folder, FileName, "", $"not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var reader = new FieldReader(folder, document.RootElement);
            var type = reader.String("model.type");
            if (type is not ("qwen2" or "qwen3"))
            {
                throw new ModelFolderException(folder, FileName, "model.type", $"'{type}' is not supported; QwenHelp runs the builder's qwen2 and qwen3 exports (Qwen2.5, Qwen3).");
            }

            var layers = reader.Positive("model.decoder.num_hidden_layers");
            var heads = reader.Positive("model.decoder.num_attention_heads");
            var kvHeads = reader.Positive("model.decoder.num_key_value_heads");
            if (heads % kvHeads != 0)
            {
                throw new ModelFolderException(folder, FileName, "model.decoder.num_key_value_heads", $"{kvHeads} does not divide num_attention_heads ({heads}).");
            }

            var decoder = new DecoderConfig
            {
                FileName = reader.String("model.decoder.filename"),
                Layers = layers,
                AttentionHeads = heads,
                KeyValueHeads = kvHeads,
                HeadSize = reader.Positive("model.decoder.head_size"),
                HiddenSize = reader.OptionalInt("model.decoder.hidden_size"),
                InputIds = reader.String("model.decoder.inputs.input_ids"),
                AttentionMask = reader.String("model.decoder.inputs.attention_mask"),
                PositionIds = reader.OptionalString("model.decoder.inputs.position_ids"),
                PastKeyNames = reader.Pattern("model.decoder.inputs.past_key_names"),
                PastValueNames = reader.Pattern("model.decoder.inputs.past_value_names"),
                Logits = reader.String("model.decoder.outputs.logits"),
                PresentKeyNames = reader.Pattern("model.decoder.outputs.present_key_names"),
                PresentValueNames = reader.Pattern("model.decoder.outputs.present_value_names"),
            };

            return new GenAiConfig
            {
                ModelType = type,
                BosTokenId = reader.OptionalInt("model.bos_token_id") ?? -1,
                EosTokenIds = reader.IntOrInts("model.eos_token_id"),
                PadTokenId = reader.OptionalInt("model.pad_token_id") ?? -1,
                ContextLength = reader.Positive("model.context_length"),
                VocabSize = reader.OptionalInt("model.vocab_size"),
                Decoder = decoder,
                Search = new SearchDefaults
                {
                    MaxLength = reader.OptionalInt("search.max_length"),
                    DoSample = reader.OptionalBool("search.do_sample") ?? false,
                    Temperature = reader.OptionalFloat("search.temperature") ?? 1f,
                    TopK = reader.OptionalInt("search.top_k") ?? 0,
                    TopP = reader.OptionalFloat("search.top_p") ?? 1f,
                    RepetitionPenalty = reader.OptionalFloat("search.repetition_penalty") ?? 1f,
                    PastPresentShareBuffer = reader.OptionalBool("search.past_present_share_buffer") ?? false,
                },
            };
        }
    }

    private sealed class FieldReader(string folder, JsonElement root)
    {
        private JsonElement? Find(string field)
        {
            var current = root;
            foreach (var part in field.Split('.'))
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                {
                    return null;
                }
            }

            return current.ValueKind == JsonValueKind.Null ? null : current;
        }

        private ModelFolderException Error(string field, string problem) => new(folder, FileName, field, problem);

        public string String(string field) => OptionalString(field) ?? throw Error(field, "is missing.");

        public string? OptionalString(string field) => Find(field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } e when e.GetString() is { Length: > 0 } s => s,
            _ => throw Error(field, "must be a non-empty string."),
        };

        public string Pattern(string field)
        {
            var value = String(field);
            return value.Contains("%d", StringComparison.Ordinal) ? value : throw Error(field, $"'{value}' has no %d for the layer number.");
        }

        public int? OptionalInt(string field) => Find(field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            _ => throw Error(field, "must be an integer."),
        };

        public int Positive(string field) => OptionalInt(field) switch
        {
            null => throw Error(field, "is missing."),
            <= 0 and var v => throw Error(field, $"must be positive, not {v}."),
            var v => v.Value,
        };

        public float? OptionalFloat(string field) => Find(field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } e => e.GetSingle(),
            _ => throw Error(field, "must be a number."),
        };

        public bool? OptionalBool(string field) => Find(field) switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Error(field, "must be true or false."),
        };

        public int[] IntOrInts(string field) => Find(field) switch
        {
            null => throw Error(field, "is missing."),
            { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => [i],
            { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Number) && e.GetArrayLength() > 0 => e.EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            _ => throw Error(field, "must be a token id or a list of token ids."),
        };
    }
}

/// <summary>model.decoder of genai_config.json.</summary>
public sealed record DecoderConfig
{
    public required string FileName { get; init; }

    public required int Layers { get; init; }

    public required int AttentionHeads { get; init; }

    public required int KeyValueHeads { get; init; }

    public required int HeadSize { get; init; }

    public int? HiddenSize { get; init; }

    public required string InputIds { get; init; }

    public required string AttentionMask { get; init; }

    public string? PositionIds { get; init; }

    public required string PastKeyNames { get; init; }

    public required string PastValueNames { get; init; }

    public required string Logits { get; init; }

    public required string PresentKeyNames { get; init; }

    public required string PresentValueNames { get; init; }

    public static string Layer(string pattern, int layer) => pattern.Replace("%d", layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>search of genai_config.json: the model's own generation defaults.</summary>
public sealed record SearchDefaults
{
    public int? MaxLength { get; init; }

    public bool DoSample { get; init; }

    public float Temperature { get; init; } = 1f;

    public int TopK { get; init; }

    public float TopP { get; init; } = 1f;

    public float RepetitionPenalty { get; init; } = 1f;

    public bool PastPresentShareBuffer { get; init; }
}
