using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using QwenHelp.Infrastructure.Inference.GenAi;
using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.Runtime;
using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// Loads the model folder with ONNX Runtime GenAI once, at start-up (a broken folder, a model GenAI
/// refuses or a missing CUDA library stops the app with a message naming the file and the reason), and shares it.
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

    public GenAiModel Model => _loaded.Value.Model;

    public GenAiTextGenerator Generator => _loaded.Value.Generator;

    public GenerationAdmission Admission => _loaded.Value.Admission;

    /// <summary>The folder's tokenizer.json on Microsoft.ML.Tokenizers, for the context budget.</summary>
    public Tokenizer CountingTokenizer => _loaded.Value.CountingTokenizer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var loaded = _loaded.Value;
            var provider = loaded.Provider.ToString().ToLowerInvariant();
            _status.Set(new InferenceInfo(ModelBackend.Onnx, loaded.Model.Name, $"ONNX Runtime GenAI, {provider}", Ready: true, Error: null));
            LogLoaded(loaded.Model.Name, loaded.Model.Config.ModelType, loaded.Model.Config.Decoder.Layers, provider);
        }
        catch (Exception ex) when (ex is ModelFolderException or MissingNativeLibraryException)
        {
            _status.Set(new InferenceInfo(ModelBackend.Onnx, null, "not loaded", Ready: false, Error: ex.Message));
            LogFailed(ex.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Loaded Load(InferenceOptions options, string contentRoot)
    {
        var folder = Path.GetFullPath(options.Path, contentRoot);
        var model = GenAiModel.Load(folder, options.ExecutionProvider, options.CudaDeviceId, options.IntraOpThreads);
        try
        {
            var counting = QwenTokenizer.Load(Path.Combine(folder, "tokenizer.json"));
            return new Loaded(model, new GenAiTextGenerator(model), new GenerationAdmission(options.MaxConcurrentGenerations, options.QueueSize), counting, options.ExecutionProvider);
        }
        catch (TokenizerFormatException ex)
        {
            model.Dispose();
            throw new ModelFolderException(folder, "tokenizer.json", "", ex.Message, ex);
        }
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            var loaded = _loaded.Value;
            loaded.Admission.Dispose();
            loaded.Model.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Language model {Model} ({Type}, {Layers} layers) loaded with ONNX Runtime GenAI on {Provider}")]
    private partial void LogLoaded(string model, string type, int layers, string provider);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The language model could not be loaded: {Problem}")]
    private partial void LogFailed(string problem);

    private sealed record Loaded(GenAiModel Model, GenAiTextGenerator Generator, GenerationAdmission Admission, Tokenizer CountingTokenizer, ExecutionProvider Provider);
}
