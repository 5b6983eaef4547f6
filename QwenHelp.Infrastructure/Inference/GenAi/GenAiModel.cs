using System.Globalization;
using Microsoft.ML.OnnxRuntimeGenAI;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.Runtime;

namespace QwenHelp.Infrastructure.Inference.GenAi;

/// <summary>
/// A model folder loaded by ONNX Runtime GenAI (its Model and Tokenizer), with what QwenHelp reads
/// itself from the folder: the chat template's kind, the stop tokens and the context length.
/// Shared by every request; GenAI allows several generators on one model at once.
/// </summary>
public sealed class GenAiModel : IDisposable
{
    private GenAiModel(string folder, GenAiConfig config, TokenizerConfig tokenizerConfig, Model model, Tokenizer tokenizer, IReadOnlySet<int> stopTokenIds)
    {
        Folder = folder;
        Config = config;
        TokenizerConfig = tokenizerConfig;
        Model = model;
        Tokenizer = tokenizer;
        StopTokenIds = stopTokenIds;
        MaxLength = Math.Min(config.ContextLength, config.Search.MaxLength ?? config.ContextLength);
    }

    public string Folder { get; }

    /// <summary>The folder's name, shown as the model's id (e.g. qwen2.5-0.5b-instruct-cpu-int4).</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Folder));

    public GenAiConfig Config { get; }

    public TokenizerConfig TokenizerConfig { get; }

    public Model Model { get; }

    public Tokenizer Tokenizer { get; }

    /// <summary>Tokens that end a generation: eos_token_id of genai_config.json, the tokenizer's eos_token and &lt;|im_end|&gt;.</summary>
    public IReadOnlySet<int> StopTokenIds { get; }

    /// <summary>Prompt and answer together: the context length, or search.max_length when smaller.</summary>
    public int MaxLength { get; }

    /// <summary>The prompt's token ids, by GenAI's tokenizer (special tokens such as &lt;|im_start|&gt; in the text are recognized).</summary>
    public int[] Encode(string text)
    {
        using var sequences = Tokenizer.Encode(text);
        return sequences[0].ToArray();
    }

    /// <summary>
    /// Reads the folder, then lets GenAI load it on <paramref name="provider"/>. Every problem is a
    /// <see cref="ModelFolderException"/> naming the file, with GenAI's own reason when GenAI refused it.
    /// </summary>
    public static GenAiModel Load(string folder, ExecutionProvider provider = ExecutionProvider.Cpu, int cudaDeviceId = 0, int intraOpThreads = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new ModelFolderException($"The model folder '{folder}' does not exist (QwenHelp:Model:Path).");
        }

        var config = GenAiConfig.Read(folder);
        foreach (var file in new[] { config.Decoder.FileName, "tokenizer.json" })
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new ModelFolderException(folder, file, "", file == config.Decoder.FileName ? $"the decoder file named by {GenAiConfig.FileName} model.decoder.filename is missing." : "the file is missing.");
            }
        }

        var tokenizerConfig = TokenizerConfig.Read(folder);
        foreach (var eos in config.EosTokenIds)
        {
            if (eos < 0 || (config.VocabSize is { } size && eos >= size))
            {
                throw new ModelFolderException(folder, GenAiConfig.FileName, "model.eos_token_id", $"{eos} is not a token id of the model (vocab_size {config.VocabSize}).");
            }
        }

        GenAiRuntime.EnsureStarted();
        if (provider == ExecutionProvider.Cuda)
        {
            CudaLibraries.ThrowIfMissing(CudaLibraries.ForGenAi);
        }

        Model? model = null;
        try
        {
            using var genAiConfig = new Config(folder);
            // The folder's own provider list (a -e cuda export names cuda) gives way to QwenHelp:Model:ExecutionProvider.
            genAiConfig.ClearProviders();
            if (provider == ExecutionProvider.Cuda)
            {
                genAiConfig.AppendProvider("cuda");
                genAiConfig.SetProviderOption("cuda", "device_id", cudaDeviceId.ToString(CultureInfo.InvariantCulture));
            }

            if (intraOpThreads > 0)
            {
                var threads = intraOpThreads.ToString(CultureInfo.InvariantCulture);
                genAiConfig.Overlay("{\"model\":{\"decoder\":{\"session_options\":{\"intra_op_num_threads\":" + threads + "}}}}");
            }

            model = new Model(genAiConfig);
            var tokenizer = new Tokenizer(model);
            return new GenAiModel(folder, config, tokenizerConfig, model, tokenizer, StopTokens(config, tokenizerConfig, tokenizer));
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            model?.Dispose();
            throw new ModelFolderException(folder, config.Decoder.FileName, "", $"ONNX Runtime GenAI cannot load the model: {ex.Message}", ex);
        }
    }

    private static HashSet<int> StopTokens(GenAiConfig config, TokenizerConfig tokenizerConfig, Tokenizer tokenizer)
    {
        var stops = new HashSet<int>(config.EosTokenIds);
        // ChatML ends a turn with <|im_end|>: always a stop token, whatever the config lists.
        foreach (var token in new[] { tokenizerConfig.EosToken, "<|im_end|>" })
        {
            if (token is null)
            {
                continue;
            }

            using var ids = tokenizer.Encode(token);
            if (ids[0].Length == 1)
            {
                stops.Add(ids[0][0]);
            }
        }

        return stops;
    }

    public void Dispose()
    {
        Tokenizer.Dispose();
        Model.Dispose();
    }
}
