using System.Runtime.InteropServices;

namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

/// <summary>How a session is created: execution provider, threads, graph optimization.</summary>
public sealed record OrtSessionSettings
{
    /// <summary>"cpu" or "cuda".</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    public int CudaDeviceId { get; init; }

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Extra session config entries (e.g. session.use_env_allocators).</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// An inference session over one ONNX model file. <see cref="Run"/> is thread-safe (ONNX Runtime
/// allows concurrent Run calls on one session).
/// </summary>
public sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _session;
    private readonly Dictionary<string, nint> _names = new(StringComparer.Ordinal);
    private readonly Lock _namesLock = new();

    private OrtSession(OrtRuntime runtime, nint session)
    {
        _runtime = runtime;
        _session = new OrtHandle(session, runtime.Api->ReleaseSession);
        Inputs = ReadNodes(isInput: true);
        Outputs = ReadNodes(isInput: false);
    }

    public IReadOnlyList<OrtNodeInfo> Inputs { get; }

    public IReadOnlyList<OrtNodeInfo> Outputs { get; }

    public OrtRuntime Runtime => _runtime;

    public static OrtSession Create(OrtRuntime runtime, string modelPath, OrtSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(settings);
        var api = runtime.Api;
        nint options;
        runtime.Check(api->CreateSessionOptions(&options));
        using var optionsHandle = new OrtHandle(options, api->ReleaseSessionOptions);
        runtime.Check(api->SetSessionGraphOptimizationLevel(options, GraphOptimizationLevel.EnableAll));
        if (settings.IntraOpThreads > 0)
        {
            runtime.Check(api->SetIntraOpNumThreads(options, settings.IntraOpThreads));
        }

        runtime.Check(api->SetInterOpNumThreads(options, 1));
        foreach (var (key, value) in settings.ConfigEntries)
        {
            var k = Utf8.Alloc(key);
            var v = Utf8.Alloc(value);
            try
            {
                runtime.Check(api->AddSessionConfigEntry(options, (byte*)k, (byte*)v));
            }
            finally
            {
                Utf8.Free(k);
                Utf8.Free(v);
            }
        }

        if (settings.Provider == ExecutionProvider.Cuda)
        {
            AppendCuda(runtime, options, settings.CudaDeviceId);
        }

        var path = Utf8.Alloc(Path.GetFullPath(modelPath));
        nint session;
        try
        {
            runtime.Check(api->CreateSession(runtime.Env, (byte*)path, options, &session));
        }
        finally
        {
            Utf8.Free(path);
        }

        return new OrtSession(runtime, session);
    }

    private static void AppendCuda(OrtRuntime runtime, nint options, int deviceId)
    {
        if (!runtime.AvailableProviders.Contains("CUDAExecutionProvider"))
        {
            throw new OrtLibraryException(
                $"ExecutionProvider is cuda, but the ONNX Runtime library '{runtime.LibraryPath}' has no CUDA execution provider " +
                $"(it offers: {string.Join(", ", runtime.AvailableProviders)}). Point QwenHelp:Model:NativeLibraryPath at a GPU build of ONNX Runtime {runtime.Version}, or set QwenHelp:Model:ExecutionProvider to cpu.");
        }

        var api = runtime.Api;
        nint cuda;
        try
        {
            runtime.Check(api->CreateCUDAProviderOptions(&cuda));
        }
        catch (OrtException ex)
        {
            // A build can list the CUDA provider yet lack libonnxruntime_providers_cuda.so or CUDA itself.
            throw new OrtLibraryException(
                $"ExecutionProvider is cuda, but ONNX Runtime ('{runtime.LibraryPath}') could not start its CUDA execution provider: {ex.OrtMessage} " +
                "It needs the GPU build's libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so beside the library, and the CUDA and cuDNN libraries that build was made for. Or set QwenHelp:Model:ExecutionProvider to cpu.",
                ex);
        }

        using var cudaHandle = new OrtHandle(cuda, api->ReleaseCUDAProviderOptions);
        var key = Utf8.Alloc("device_id");
        var value = Utf8.Alloc(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var keys = stackalloc byte*[1] { (byte*)key };
            var values = stackalloc byte*[1] { (byte*)value };
            runtime.Check(api->UpdateCUDAProviderOptions(cuda, keys, values, 1));
            runtime.Check(api->SessionOptionsAppendExecutionProvider_CUDA_V2(options, cuda));
        }
        catch (OrtException ex)
        {
            throw new OrtLibraryException(
                $"ExecutionProvider is cuda, but ONNX Runtime ('{runtime.LibraryPath}') could not use CUDA device {deviceId}: {ex.OrtMessage} " +
                "A GPU build of the same ONNX Runtime version, with its provider libraries beside it, is needed; or set QwenHelp:Model:ExecutionProvider to cpu.",
                ex);
        }
        finally
        {
            Utf8.Free(key);
            Utf8.Free(value);
        }
    }

    /// <summary>
    /// Runs the model. <paramref name="outputs"/> entries that are not null are used as the output
    /// buffers (ONNX Runtime writes into them); null entries are allocated by ONNX Runtime and returned.
    /// </summary>
    /// <returns>The outputs, in the order of <paramref name="outputNames"/>; the caller owns the new ones.</returns>
    public OrtValue[] Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames, IReadOnlyList<OrtValue?>? outputs = null, OrtRunHandle? runHandle = null)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        if (inputNames.Count != inputs.Count)
        {
            throw new ArgumentException("One name per input.", nameof(inputs));
        }

        var inCount = inputs.Count;
        var outCount = outputNames.Count;
        var inNames = stackalloc byte*[inCount];
        var inValues = stackalloc nint[inCount];
        var outNames = stackalloc byte*[outCount];
        var outValues = stackalloc nint[outCount];
        for (var i = 0; i < inCount; i++)
        {
            inNames[i] = Name(inputNames[i]);
            inValues[i] = inputs[i].Handle;
        }

        for (var i = 0; i < outCount; i++)
        {
            outNames[i] = Name(outputNames[i]);
            outValues[i] = outputs?[i]?.Handle ?? 0;
        }

        _runtime.Check(_runtime.Api->Run(_session.DangerousGetHandle(), runHandle?.Handle ?? 0, inNames, inValues, (nuint)inCount, outNames, (nuint)outCount, outValues));
        GC.KeepAlive(inputs);
        var result = new OrtValue[outCount];
        for (var i = 0; i < outCount; i++)
        {
            result[i] = outputs?[i] ?? new OrtValue(_runtime, outValues[i]);
        }

        return result;
    }

    /// <summary>Input and output names as NUL-terminated UTF-8, made once and kept for the session's life.</summary>
    private byte* Name(string name)
    {
        lock (_namesLock)
        {
            if (!_names.TryGetValue(name, out var pointer))
            {
                pointer = Utf8.Alloc(name);
                _names[name] = pointer;
            }

            return (byte*)pointer;
        }
    }

    private List<OrtNodeInfo> ReadNodes(bool isInput)
    {
        var api = _runtime.Api;
        var session = _session.DangerousGetHandle();
        nuint count;
        _runtime.Check(isInput ? api->SessionGetInputCount(session, &count) : api->SessionGetOutputCount(session, &count));
        var nodes = new List<OrtNodeInfo>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            _runtime.Check(isInput ? api->SessionGetInputName(session, i, _runtime.Allocator, &name) : api->SessionGetOutputName(session, i, _runtime.Allocator, &name));
            var text = Marshal.PtrToStringUTF8((nint)name) ?? "";
            _runtime.FreeAllocated(name);

            nint typeInfo;
            _runtime.Check(isInput ? api->SessionGetInputTypeInfo(session, i, &typeInfo) : api->SessionGetOutputTypeInfo(session, i, &typeInfo));
            try
            {
                nint tensorInfo;
                _runtime.Check(api->CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
                if (tensorInfo == 0)
                {
                    nodes.Add(new OrtNodeInfo(text, TensorElementType.Undefined, [], []));
                    continue;
                }

                TensorElementType type;
                _runtime.Check(api->GetTensorElementType(tensorInfo, &type));
                nuint rank;
                _runtime.Check(api->GetDimensionsCount(tensorInfo, &rank));
                var dims = new long[(int)rank];
                var symbols = new nint[(int)rank];
                fixed (long* d = dims)
                fixed (nint* s = symbols)
                {
                    _runtime.Check(api->GetDimensions(tensorInfo, d, rank));
                    _runtime.Check(api->GetSymbolicDimensions(tensorInfo, (byte**)s, rank));
                }

                var symbolNames = symbols.Select(s => Marshal.PtrToStringUTF8(s) ?? "").ToArray();
                nodes.Add(new OrtNodeInfo(text, type, dims, symbolNames));
            }
            finally
            {
                api->ReleaseTypeInfo(typeInfo);
            }
        }

        return nodes;
    }

    public void Dispose()
    {
        _session.Dispose();
        lock (_namesLock)
        {
            foreach (var pointer in _names.Values)
            {
                Utf8.Free(pointer);
            }

            _names.Clear();
        }
    }
}

/// <summary>OrtRunOptions for one Run: lets another thread stop that Run (cancellation).</summary>
public sealed unsafe class OrtRunHandle : IDisposable
{
    private readonly OrtRuntime _runtime;
    private readonly OrtHandle _options;

    public OrtRunHandle(OrtRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        nint options;
        runtime.Check(runtime.Api->CreateRunOptions(&options));
        _options = new OrtHandle(options, runtime.Api->ReleaseRunOptions);
    }

    internal nint Handle => _options.DangerousGetHandle();

    /// <summary>Asks ONNX Runtime to stop the Run that uses these options as soon as it can.</summary>
    public void Terminate() => _runtime.Check(_runtime.Api->RunOptionsSetTerminate(Handle));

    public void Dispose() => _options.Dispose();
}
