using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

using QwenHelp.Infrastructure.Inference;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>Which embedder makes the vectors, and how it is called. Bound from <c>QwenHelp:Embeddings</c>.</summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Embeddings";

    /// <summary>The operator's embedder (<see cref="EmbeddingProvider.BuiltIn"/> when none is configured).</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.BuiltIn;

    /// <summary>Which embedder makes English vectors: by default the bundled MiniLM, or the operator's when one is configured.</summary>
    public LanguageEmbedder English { get; set; } = LanguageEmbedder.Auto;

    /// <summary>Which embedder makes Chinese vectors: by default the operator's (the built-in one when none is configured).</summary>
    public LanguageEmbedder Chinese { get; set; } = LanguageEmbedder.Auto;

    /// <summary>The embedder that makes English vectors once <see cref="English"/> is resolved.</summary>
    [JsonIgnore]
    public EmbeddingProvider EnglishProvider => English switch
    {
        LanguageEmbedder.MiniLM => EmbeddingProvider.MiniLM,
        LanguageEmbedder.BuiltIn => EmbeddingProvider.BuiltIn,
        LanguageEmbedder.Configured => Provider,
        _ => Provider == EmbeddingProvider.BuiltIn ? EmbeddingProvider.MiniLM : Provider,
    };

    /// <summary>The embedder that makes Chinese vectors once <see cref="Chinese"/> is resolved (MiniLM cannot read Chinese: never by default).</summary>
    [JsonIgnore]
    public EmbeddingProvider ChineseProvider => Chinese switch
    {
        LanguageEmbedder.MiniLM => EmbeddingProvider.MiniLM,
        LanguageEmbedder.BuiltIn => EmbeddingProvider.BuiltIn,
        _ => Provider == EmbeddingProvider.MiniLM ? EmbeddingProvider.BuiltIn : Provider,
    };

    /// <summary>Put before every query before it is embedded (e5 models want <c>"query: "</c>, bge-zh an instruction).</summary>
    [MaxLength(500)]
    public string QueryPrefix { get; set; } = "";

    /// <summary>Put before every passage before it is embedded (e5 models want <c>"passage: "</c>).</summary>
    [MaxLength(500)]
    public string PassagePrefix { get; set; } = "";

    /// <summary>Passages per embedding call.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 32;

    /// <summary>How long a query waits for its embedding before the answer goes on with keyword search alone.</summary>
    [Range(0.1, 600)]
    public double QueryTimeoutSeconds { get; set; } = 5;

    public BuiltInEmbedderOptions BuiltIn { get; set; } = new();

    public OpenAiEmbedderOptions OpenAI { get; set; } = new();

    public OnnxEmbedderOptions Onnx { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == EmbeddingProvider.OpenAI)
        {
            if (OpenAI.Endpoint is null || !OpenAI.Endpoint.IsAbsoluteUri || OpenAI.Endpoint.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"{Section}:OpenAI:Endpoint must be an http(s) URL, e.g. http://localhost:8000/v1.", ["OpenAI.Endpoint"]);
            }

            if (string.IsNullOrWhiteSpace(OpenAI.Model))
            {
                yield return new ValidationResult($"{Section}:OpenAI:Model is required (the embedding model the server serves).", ["OpenAI.Model"]);
            }
        }

        if (Provider == EmbeddingProvider.Onnx && string.IsNullOrWhiteSpace(Onnx.ModelFolder))
        {
            yield return new ValidationResult($"{Section}:Onnx:ModelFolder is required (a folder with model.onnx and tokenizer.json or vocab.txt).", ["Onnx.ModelFolder"]);
        }
    }
}

public enum EmbeddingProvider
{
    /// <summary>Hashed words and character n-grams: no download, deterministic (the default).</summary>
    BuiltIn = 0,

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint (vLLM, Ollama, text-embeddings-inference, OpenAI).</summary>
    OpenAI = 1,

    /// <summary>A sentence-embedding model exported to ONNX (bge-small-zh, multilingual-e5…), run in process.</summary>
    Onnx = 2,

    /// <summary>all-MiniLM-L6-v2, bundled with the app (English only).</summary>
    MiniLM = 3,
}

/// <summary>The embedder chosen for one language.</summary>
public enum LanguageEmbedder
{
    /// <summary>English: the operator's embedder when one is configured, else MiniLM. Chinese: the operator's (built-in when none).</summary>
    Auto = 0,

    /// <summary>The operator's embedder (<see cref="EmbeddingOptions.Provider"/>).</summary>
    Configured = 1,

    /// <summary>The bundled all-MiniLM-L6-v2.</summary>
    MiniLM = 2,

    /// <summary>The built-in hashing embedder.</summary>
    BuiltIn = 3,
}

public sealed class BuiltInEmbedderOptions
{
    /// <summary>Vector length: more separates texts better and costs memory and query time linearly.</summary>
    [Range(64, 4096)]
    public int Dimension { get; set; } = 512;
}

public sealed class OpenAiEmbedderOptions
{
    /// <summary>The API base, up to and including <c>/v1</c> (the embedder posts to <c>{Endpoint}/embeddings</c>).</summary>
    public Uri? Endpoint { get; set; }

    [MaxLength(200)]
    public string Model { get; set; } = "";

    /// <summary>Sent as a bearer token when set. Give it by environment variable, never in a committed file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Asks the server for vectors of this length (models that support it); the server's own length when unset.</summary>
    [Range(1, 65_536)]
    public int? Dimensions { get; set; }

    [Range(1, 600)]
    public double TimeoutSeconds { get; set; } = 60;
}

public sealed class OnnxEmbedderOptions
{
    /// <summary>A folder with <c>model.onnx</c> (or <c>onnx/model.onnx</c>) and its WordPiece tokenizer (<c>tokenizer.json</c> or <c>vocab.txt</c>); relative to the content root.</summary>
    public string? ModelFolder { get; set; }

    /// <summary>Longest input in tokens; longer passages are cut (the model's own limit is usually 512).</summary>
    [Range(8, 8192)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>How token vectors become one sentence vector; when unset, read from the folder's pooling config (mean when there is none).</summary>
    public EmbeddingPooling? Pooling { get; set; }

    /// <summary>Threads ONNX Runtime may use for one call (0: its default).</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>cpu, or cuda: the GPU, with a build of the app for it (-p:OnnxRuntimeGpu=true) and CUDA 13 + cuDNN 9 on the host.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>The GPU to use with cuda.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }
}

public enum EmbeddingPooling
{
    Mean = 0,
    Cls = 1,
}
