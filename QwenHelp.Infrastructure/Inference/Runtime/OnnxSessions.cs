using Microsoft.ML.OnnxRuntime;

namespace QwenHelp.Infrastructure.Inference.Runtime;

/// <summary>
/// ONNX Runtime sessions (Microsoft.ML.OnnxRuntime's managed API) on the chosen execution provider,
/// for every model QwenHelp runs outside GenAI (the embedders). cuda first checks that its libraries
/// load and names the first one missing.
/// </summary>
public static class OnnxSessions
{
    /// <param name="intraOpThreads">Threads for one call; 0 = ONNX Runtime's default (one per core).</param>
    /// <exception cref="MissingNativeLibraryException">cuda without a library it needs.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refused the model; its message says why.</exception>
    public static InferenceSession Create(string modelFile, ExecutionProvider provider = ExecutionProvider.Cpu, int cudaDeviceId = 0, int intraOpThreads = 0)
    {
        if (provider == ExecutionProvider.Cuda)
        {
            CudaLibraries.ThrowIfMissing(CudaLibraries.ForOnnxRuntime);
        }

        using var options = new SessionOptions();
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        if (provider == ExecutionProvider.Cuda)
        {
            options.AppendExecutionProvider_CUDA(cudaDeviceId);
        }

        return new InferenceSession(modelFile, options);
    }
}
