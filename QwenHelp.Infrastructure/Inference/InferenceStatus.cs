namespace QwenHelp.Infrastructure.Inference;

/// <summary>Which backend and model answer right now: read by /health/ready and the admin portal.</summary>
public sealed class InferenceStatus
{
    private volatile InferenceInfo _current = new(ModelBackend.None, null, "No language model: answers come from the knowledge base.", Ready: true, Error: null);

    public InferenceInfo Current => _current;

    /// <summary>What is known before the backend has done anything: the configured backend and model.</summary>
    public static InferenceStatus Initial(InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var status = new InferenceStatus();
        if (options.Backend == ModelBackend.OpenAi)
        {
            status.Set(new InferenceInfo(ModelBackend.OpenAi, options.OpenAi.ModelId, options.OpenAi.BaseUrl, Ready: true, Error: null));
        }
        else if (options.Backend == ModelBackend.Onnx)
        {
            status.Set(new InferenceInfo(ModelBackend.Onnx, null, "loading", Ready: false, Error: "The model is loading."));
        }

        return status;
    }

    internal void Set(InferenceInfo info) => _current = info;
}

/// <summary>A snapshot of the live backend.</summary>
/// <param name="Backend">none, onnx or openai.</param>
/// <param name="Model">The model's name (folder name or served model id); null without a model.</param>
/// <param name="Detail">E.g. "ONNX Runtime 1.30.0, cpu" or the server's base URL.</param>
/// <param name="Ready">False while the model loads or after it failed.</param>
/// <param name="Error">The last failure, if any.</param>
public sealed record InferenceInfo(ModelBackend Backend, string? Model, string Detail, bool Ready, string? Error)
{
    public IReadOnlyDictionary<string, object> ToHealthData()
    {
        var data = new Dictionary<string, object>
        {
            ["backend"] = Backend.ToString().ToLowerInvariant(),
            ["detail"] = Detail,
        };
        if (Model is not null)
        {
            data["model"] = Model;
        }

        if (Error is not null)
        {
            data["lastError"] = Error;
        }

        return data;
    }
}
