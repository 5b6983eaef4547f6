using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// Loads the ONNX Runtime library and the model folder once, at start-up (a missing library or a
/// broken folder stops the app with a message naming the file and field), and shares them.
/// </summary>
public sealed partial class OnnxModelHost : IHostedService, IDisposable
{
    private readonly Lazy<Loaded> _loaded;
    private readonly InferenceStatus _status;
    private readonly ILogger<OnnxModelHost> _logger;

    public OnnxModelHost(IOptions<InferenceOptions> options, IHostEnvironment environment, InferenceStatus status, ILogger<OnnxModelHost> logger)
    {
        _status = status;
        _logger = logger;
        var settings = options.Value;
        _loaded = new Lazy<Loaded>(() => Load(settings, environment.ContentRootPath), LazyThreadSafetyMode.ExecutionAndPublication);
        status.Set(new InferenceInfo(ModelBackend.Onnx, null, "loading", Ready: false, Error: "The model is loading."));
    }

    public QwenModel Model => _loaded.Value.Model;

    public TextGenerator Generator => _loaded.Value.Generator;

    public GenerationAdmission Admission => _loaded.Value.Admission;

    public OrtRuntime Runtime => _loaded.Value.Runtime;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var loaded = _loaded.Value;
            var provider = loaded.Provider.ToString().ToLowerInvariant();
            _status.Set(new InferenceInfo(ModelBackend.Onnx, loaded.Model.Name, $"ONNX Runtime {loaded.Runtime.Version}, {provider}", Ready: true, Error: null));
            LogLoaded(loaded.Model.Name, loaded.Model.Config.ModelType, loaded.Model.Config.Decoder.Layers, loaded.Runtime.Version, provider);
        }
        catch (Exception ex) when (ex is ModelFolderException or OrtLibraryException or OrtException)
        {
            _status.Set(new InferenceInfo(ModelBackend.Onnx, null, "not loaded", Ready: false, Error: ex.Message));
            LogFailed(ex.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Finds libonnxruntime.so.1: the configured path, else beside the app, else .tools/onnxruntime/ above the content root.</summary>
    public static string ResolveLibrary(string configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        var probed = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so.1"),
            Path.Combine(AppContext.BaseDirectory, "onnxruntime", "libonnxruntime.so.1"),
        };
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            probed.Add(Path.Combine(dir.FullName, ".tools", "onnxruntime", "libonnxruntime.so.1"));
        }

        return probed.FirstOrDefault(File.Exists)
            ?? throw new OrtLibraryException($"QwenHelp:Model:NativeLibraryPath is not set and libonnxruntime.so.1 (ONNX Runtime 1.30) was not found in: {string.Join(", ", probed)}. Run ./scripts/fetch-onnxruntime.sh or set the path.");
    }

    private static Loaded Load(InferenceOptions options, string contentRoot)
    {
        var runtime = OrtRuntime.Load(ResolveLibrary(options.NativeLibraryPath, contentRoot));
        var settings = new OrtSessionSettings
        {
            Provider = options.ExecutionProvider,
            CudaDeviceId = options.CudaDeviceId,
            IntraOpThreads = options.IntraOpThreads,
        };
        var model = QwenModel.Load(Path.GetFullPath(options.Path, contentRoot), runtime, settings);
        return new Loaded(runtime, model, new TextGenerator(model), new GenerationAdmission(options.MaxConcurrentGenerations, options.QueueSize), options.ExecutionProvider);
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            var loaded = _loaded.Value;
            loaded.Admission.Dispose();
            loaded.Model.Dispose();
            loaded.Runtime.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Language model {Model} ({Type}, {Layers} layers) loaded with ONNX Runtime {Version} on {Provider}")]
    private partial void LogLoaded(string model, string type, int layers, string version, string provider);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The language model could not be loaded: {Problem}")]
    private partial void LogFailed(string problem);

    private sealed record Loaded(OrtRuntime Runtime, QwenModel Model, TextGenerator Generator, GenerationAdmission Admission, ExecutionProvider Provider);
}
