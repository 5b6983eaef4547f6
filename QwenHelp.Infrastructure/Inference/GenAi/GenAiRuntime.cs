using Microsoft.ML.OnnxRuntimeGenAI;

namespace QwenHelp.Infrastructure.Inference.GenAi;

/// <summary>
/// ONNX Runtime GenAI's process-wide handle. Created once before the first model; never disposed,
/// because disposing it shuts GenAI down for the whole process, and models held by other parts of
/// the process (tests, a second host) would then be unusable.
/// </summary>
public static class GenAiRuntime
{
    private static readonly Lazy<OgaHandle> Handle = new(() => new OgaHandle(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native GenAI library (from the NuGet package, beside the app).</summary>
    public static void EnsureStarted() => _ = Handle.Value;
}
