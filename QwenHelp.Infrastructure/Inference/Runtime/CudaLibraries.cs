using System.Runtime.InteropServices;

namespace QwenHelp.Infrastructure.Inference.Runtime;

/// <summary>
/// What the cuda execution provider needs on the host, checked before ONNX Runtime is asked for it:
/// ONNX Runtime's own CUDA error says little about which of a dozen libraries is absent, so the first
/// one that does not load is named here, with where it comes from.
/// </summary>
public static class CudaLibraries
{
    /// <summary>
    /// The embedders' CUDA provider: Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32 (built for CUDA 13 and cuDNN 9);
    /// the CUDA names are the NEEDED entries of its libonnxruntime_providers_cuda.so, cuDNN is loaded by it at run time.
    /// </summary>
    public static IReadOnlyList<NativeLibraryNeed> ForOnnxRuntime { get; } =
    [
        new("libcuda.so.1", "the NVIDIA driver"),
        new("libonnxruntime_providers_shared.so", "Microsoft.ML.OnnxRuntime (beside the app)"),
        new("libonnxruntime_providers_cuda.so", "Microsoft.ML.OnnxRuntime.Gpu.Linux: build or publish with -p:OnnxRuntimeGpu=true (docker/Dockerfile.gpu does)"),
        new("libcudart.so.13", "the CUDA 13 runtime"),
        new("libcublas.so.13", "CUDA 13 cuBLAS"),
        new("libcublasLt.so.13", "CUDA 13 cuBLASLt"),
        new("libcurand.so.10", "CUDA 13 cuRAND"),
        new("libcudnn.so.9", "cuDNN 9 for CUDA 13"),
    ];

    /// <summary>The language model's CUDA provider: the above plus GenAI's CUDA plugin.</summary>
    public static IReadOnlyList<NativeLibraryNeed> ForGenAi { get; } =
    [
        .. ForOnnxRuntime,
        new("libonnxruntime-genai-cuda.so", "Microsoft.ML.OnnxRuntimeGenAI.Cuda 0.20.0 (not on this feed: take it from nuget.org and place it beside the app)"),
    ];

    /// <summary>The first library of <paramref name="needs"/> that does not load, or null when all do.</summary>
    public static NativeLibraryNeed? FirstMissing(IEnumerable<NativeLibraryNeed> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        foreach (var need in needs)
        {
            if (!TryLoad(need.FileName))
            {
                return need;
            }
        }

        return null;
    }

    /// <exception cref="MissingNativeLibraryException">A library does not load; the message names it and what ships it.</exception>
    public static void ThrowIfMissing(IEnumerable<NativeLibraryNeed> needs)
    {
        if (FirstMissing(needs) is { } missing)
        {
            throw new MissingNativeLibraryException(
                $"ExecutionProvider cuda: {missing.FileName} does not load ({missing.ShippedBy}). A GPU host needs the NVIDIA driver, CUDA 13 and cuDNN 9 (docs/inference.md).");
        }
    }

    /// <summary>Beside the app first (where NuGet's natives and a placed plugin land), then the loader's search path.</summary>
    private static bool TryLoad(string fileName)
    {
        foreach (var candidate in new[]
        {
            Path.Combine(AppContext.BaseDirectory, fileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", fileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", fileName),
        })
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out _))
            {
                return true;
            }
        }

        return NativeLibrary.TryLoad(fileName, out _);
    }
}

/// <summary>A native library and what ships it (named when it is missing).</summary>
public sealed record NativeLibraryNeed(string FileName, string ShippedBy);
