using System.Runtime.InteropServices;
using System.Text;

namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// The loaded ONNX Runtime native library: its OrtApi table (version checked), one OrtEnv and the
/// CPU memory info every tensor is created with. One per process; thread-safe.
/// </summary>
public sealed unsafe class OrtRuntime : IDisposable
{
    private readonly OrtHandle _env;
    private readonly OrtHandle _cpuMemory;
    private readonly nint _allocator;

    private OrtRuntime(string libraryPath, OrtApi* api, string version)
    {
        LibraryPath = libraryPath;
        Api = api;
        Version = version;
        nint env;
        var logId = "qwenhelp"u8;
        fixed (byte* id = logId)
        {
            Check(api->CreateEnv(OrtLoggingLevel.Warning, id, &env));
        }

        _env = new OrtHandle(env, api->ReleaseEnv);
        nint memory;
        Check(api->CreateCpuMemoryInfo(OrtAllocatorType.Arena, OrtMemType.Default, &memory));
        _cpuMemory = new OrtHandle(memory, api->ReleaseMemoryInfo);
        nint allocator;
        Check(api->GetAllocatorWithDefaultOptions(&allocator));
        _allocator = allocator;
        AvailableProviders = ReadAvailableProviders();
        BuildInfo = Marshal.PtrToStringUTF8((nint)api->GetBuildInfoString()) ?? "";
    }

    /// <summary>The file the library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    public string BuildInfo { get; }

    /// <summary>The execution providers this build of the library has (e.g. CPUExecutionProvider, CUDAExecutionProvider).</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    internal OrtApi* Api { get; }

    internal nint Env => _env.DangerousGetHandle();

    internal nint CpuMemoryInfo => _cpuMemory.DangerousGetHandle();

    internal nint Allocator => _allocator;

    /// <summary>
    /// Loads the library at <paramref name="libraryPath"/>, checks that it is ONNX Runtime 1.30 or
    /// later and that it offers API version 30. Every failure names the file and what is wrong.
    /// </summary>
    public static OrtRuntime Load(string libraryPath)
    {
        if (!File.Exists(libraryPath))
        {
            throw new OrtLibraryException($"The ONNX Runtime native library '{libraryPath}' does not exist. Run ./scripts/fetch-onnxruntime.sh or set QwenHelp:Model:NativeLibraryPath to libonnxruntime.so.1 of ONNX Runtime {OrtApiVersion.MinimumLibrary}.");
        }

        nint library;
        try
        {
            library = NativeLibrary.Load(Path.GetFullPath(libraryPath));
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            throw new OrtLibraryException($"The file '{libraryPath}' is not a loadable native library: {ex.Message}", ex);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OrtLibraryException($"The library '{libraryPath}' is not ONNX Runtime: it does not export OrtGetApiBase.");
        }

        var apiBase = ((delegate* unmanaged<OrtApiBase*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "";
        if (!System.Version.TryParse(version, out var parsed) || parsed < OrtApiVersion.MinimumLibrary)
        {
            throw new OrtLibraryException($"The library '{libraryPath}' is ONNX Runtime {version}; QwenHelp needs {OrtApiVersion.MinimumLibrary} or later (API version {OrtApiVersion.Required}).");
        }

        var api = apiBase->GetApi(OrtApiVersion.Required);
        if (api is null)
        {
            throw new OrtLibraryException($"The library '{libraryPath}' (ONNX Runtime {version}) does not offer API version {OrtApiVersion.Required}.");
        }

        return new OrtRuntime(libraryPath, api, version);
    }

    /// <summary>Turns an OrtStatus into an <see cref="OrtException"/> carrying ONNX Runtime's message; null is success.</summary>
    internal void Check(nint status)
    {
        if (status == 0)
        {
            return;
        }

        var code = Api->GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)Api->GetErrorMessage(status)) ?? "";
        Api->ReleaseStatus(status);
        throw new OrtException(code, message);
    }

    /// <summary>Makes an OrtStatus the way a failing native call would (used to test the status path).</summary>
    internal OrtException RoundTripStatus(int code, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* text = bytes)
        {
            try
            {
                Check(Api->CreateStatus((OrtErrorCode)code, text));
            }
            catch (OrtException ex)
            {
                return ex;
            }
        }

        throw new InvalidOperationException("CreateStatus returned success.");
    }

    /// <summary>Frees memory ONNX Runtime allocated with the default allocator (names it returned).</summary>
    internal void FreeAllocated(void* pointer) => Check(Api->AllocatorFree(_allocator, pointer));

    private List<string> ReadAvailableProviders()
    {
        byte** providers;
        int count;
        Check(Api->GetAvailableProviders(&providers, &count));
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Marshal.PtrToStringUTF8((nint)providers[i]) ?? "");
        }

        Check(Api->ReleaseAvailableProviders(providers, count));
        return list;
    }

    public void Dispose()
    {
        _cpuMemory.Dispose();
        _env.Dispose();
    }
}
