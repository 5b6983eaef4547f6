using QwenHelp.Infrastructure.Inference.OnnxRuntime;

namespace QwenHelp.Tests.Support;

/// <summary>The real ONNX Runtime library, loaded once for the test process.</summary>
public static class SharedOrt
{
    private static readonly Lazy<OrtRuntime> Loaded = new(() => OrtRuntime.Load(RepoPaths.OnnxRuntimeLibrary));

    public static OrtRuntime Runtime => Loaded.Value;
}
