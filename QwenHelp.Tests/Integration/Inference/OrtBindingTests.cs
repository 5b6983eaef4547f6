using System.Runtime.InteropServices;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>The C API binding against the real libonnxruntime.so.1 (1.30.0) and the tiny model.</summary>
public class OrtBindingTests
{
    [Fact]
    public void LoadsOnnxRuntime130AndListsTheCpuProvider()
    {
        var runtime = SharedOrt.Runtime;

        Assert.Equal("1.30.0", runtime.Version);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
        // GetBuildInfoString is entry 254 of the table: a wrong layout would call another function here.
        Assert.StartsWith("ORT Build Info", runtime.BuildInfo, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionTableHasTheSizeOfApiVersion30()
    {
        Assert.Equal(OrtApiVersion.FunctionCount * IntPtr.Size, Marshal.SizeOf<OrtApi>());
    }

    [Fact]
    public void StatusBecomesAnExceptionCarryingOnnxRuntimesCodeAndMessage()
    {
        var error = SharedOrt.Runtime.RoundTripStatus(2, "the shape [1, 3] is wrong");

        Assert.Equal(2, error.ErrorCode);
        Assert.Equal("the shape [1, 3] is wrong", error.OrtMessage);
        Assert.Contains("InvalidArgument", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLibraryIsRejectedNamingThePath()
    {
        var error = Assert.Throws<OrtLibraryException>(() => OrtRuntime.Load("/nonexistent/libonnxruntime.so.1"));

        Assert.Contains("/nonexistent/libonnxruntime.so.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotALibraryIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-library-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is text, not an ELF file");
        try
        {
            var error = Assert.Throws<OrtLibraryException>(() => OrtRuntime.Load(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("not a loadable native library", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NativeLibraryThatIsNotOnnxRuntimeIsRejected()
    {
        var sqlite = Directory.GetFiles(AppContext.BaseDirectory, "libe_sqlite3.so", SearchOption.AllDirectories).First();

        var error = Assert.Throws<OrtLibraryException>(() => OrtRuntime.Load(sqlite));

        Assert.Contains("does not export OrtGetApiBase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionListsTheTinyModelsInputsAndOutputsWithSymbolicDimensions()
    {
        using var session = OrtSession.Create(SharedOrt.Runtime, Path.Combine(TinyModel.Folder, "model.onnx"), new OrtSessionSettings());

        var ids = session.Inputs.Single(i => i.Name == "input_ids");
        Assert.Equal(TensorElementType.Int64, ids.ElementType);
        Assert.Equal(["batch_size", "sequence_length"], ids.SymbolicDimensions);
        var pastKey = session.Inputs.Single(i => i.Name == "past_key_values.1.key");
        Assert.Equal([-1L, 2, -1, 16], pastKey.Dimensions);
        Assert.Contains(session.Outputs, o => o.Name == "present.1.value");
        Assert.Equal(151936, session.Outputs.Single(o => o.Name == "logits").Dimensions[2]);
    }

    [Fact]
    public void RunWithAWrongInputTypeRaisesOnnxRuntimesOwnMessage()
    {
        var runtime = SharedOrt.Runtime;
        using var session = OrtSession.Create(runtime, Path.Combine(TinyModel.Folder, "model.onnx"), new OrtSessionSettings());
        using var wrong = OrtValue.FromData<float>(runtime, [1f, 2f], [1, 2]);

        var error = Assert.Throws<OrtException>(() => session.Run(["input_ids"], [wrong], ["logits"]));

        Assert.Contains("expected: (tensor(int64))", error.OrtMessage, StringComparison.Ordinal);
        Assert.Equal(2, error.ErrorCode);
    }

    [Fact]
    public void MissingModelFileRaisesOnnxRuntimesNoSuchFileError()
    {
        var error = Assert.Throws<OrtException>(() => OrtSession.Create(SharedOrt.Runtime, "/nonexistent/model.onnx", new OrtSessionSettings()));

        Assert.Contains("model.onnx", error.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaWithoutItsProviderLibrariesIsRefusedWithAClearMessage()
    {
        var settings = new OrtSessionSettings { Provider = ExecutionProvider.Cuda };

        var error = Assert.Throws<OrtLibraryException>(() => OrtSession.Create(SharedOrt.Runtime, Path.Combine(TinyModel.Folder, "model.onnx"), settings));

        // The npm build lists the CUDA provider but ships without libonnxruntime_providers_cuda.so.
        Assert.Contains("ExecutionProvider is cuda", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExecutionProvider to cpu", error.Message, StringComparison.Ordinal);
    }
}
