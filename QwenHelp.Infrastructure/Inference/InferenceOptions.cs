using System.ComponentModel.DataAnnotations;
namespace QwenHelp.Infrastructure.Inference;

/// <summary>Which language model answers, and how (QwenHelp:Model:*).</summary>
public sealed class InferenceOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Model";

    /// <summary>none (answers come from retrieval), onnx (in-process ONNX Runtime) or openai (an OpenAI-compatible server).</summary>
    public ModelBackend Backend { get; set; } = ModelBackend.None;

    /// <summary>The model folder (onnx): an onnxruntime-genai builder export. Relative paths start at the content root.</summary>
    public string Path { get; set; } = "";

    /// <summary>cpu or cuda (onnx). cuda needs GenAI's CUDA plugin beside the app and CUDA 13 + cuDNN 9 on the host.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Threads per generation step (onnx); 0 = one per core.</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>Generations that run at once (onnx).</summary>
    [Range(1, 64)]
    public int MaxConcurrentGenerations { get; set; } = 1;

    /// <summary>Requests that may wait for a generation slot; more are refused at once as busy.</summary>
    [Range(0, 10_000)]
    public int QueueSize { get; set; } = 16;

    /// <summary>Longest a whole answer may take, in seconds (both backends).</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 120;

    public GenerationDefaults Generation { get; set; } = new();

    public OpenAiBackendOptions OpenAi { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == ModelBackend.Onnx && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("QwenHelp:Model:Path must name the model folder when QwenHelp:Model:Backend is onnx.", [nameof(Path)]);
        }

        if (Backend == ModelBackend.OpenAi)
        {
            if (!Uri.TryCreate(OpenAi.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"QwenHelp:Model:OpenAi:BaseUrl must be an http(s) URL (e.g. http://localhost:8000/v1) when QwenHelp:Model:Backend is openai; it is '{OpenAi.BaseUrl}'.", ["OpenAi.BaseUrl"]);
            }

            if (string.IsNullOrWhiteSpace(OpenAi.ModelId))
            {
                yield return new ValidationResult("QwenHelp:Model:OpenAi:ModelId must name the served model when QwenHelp:Model:Backend is openai.", ["OpenAi.ModelId"]);
            }
        }

        foreach (var result in Generation.Check())
        {
            yield return result;
        }
    }
}

public enum ModelBackend
{
    None,
    Onnx,
    OpenAi,
}

/// <summary>Generation settings used when a request does not set them (QwenHelp:Model:Generation:*).</summary>
public sealed class GenerationDefaults
{
    public int MaxNewTokens { get; set; } = 512;

    /// <summary>Null: the model's genai_config.json search settings (greedy unless do_sample).</summary>
    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public float? RepetitionPenalty { get; set; }

    public int? Seed { get; set; }

    internal IEnumerable<ValidationResult> Check()
    {
        if (MaxNewTokens is < 1 or > 32768)
        {
            yield return new ValidationResult("QwenHelp:Model:Generation:MaxNewTokens must be between 1 and 32768.");
        }

        if (Temperature is < 0 or > 5)
        {
            yield return new ValidationResult("QwenHelp:Model:Generation:Temperature must be between 0 and 5.");
        }

        if (TopP is <= 0 or > 1)
        {
            yield return new ValidationResult("QwenHelp:Model:Generation:TopP must be in (0, 1].");
        }

        if (TopK is < 0)
        {
            yield return new ValidationResult("QwenHelp:Model:Generation:TopK must be 0 (off) or more.");
        }

        if (RepetitionPenalty is <= 0 or > 10)
        {
            yield return new ValidationResult("QwenHelp:Model:Generation:RepetitionPenalty must be in (0, 10].");
        }
    }
}

/// <summary>An OpenAI-compatible server (vLLM, Ollama, ...): QwenHelp:Model:OpenAi:*.</summary>
public sealed class OpenAiBackendOptions
{
    /// <summary>The API root, e.g. http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Sent as the bearer token; many local servers accept any value.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The model name the server knows (e.g. Qwen/Qwen2.5-7B-Instruct, qwen2.5:7b).</summary>
    public string ModelId { get; set; } = "";
}
