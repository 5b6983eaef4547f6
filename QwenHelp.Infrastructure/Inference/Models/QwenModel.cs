using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;
using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Infrastructure.Inference.Models;

/// <summary>
/// A loaded model folder as onnxruntime-genai's model builder writes it: genai_config.json, the decoder
/// (model.onnx + external data), tokenizer.json and tokenizer_config.json. Shared by every request.
/// </summary>
public sealed class QwenModel : IDisposable
{
    private QwenModel(string folder, GenAiConfig config, TokenizerConfig tokenizerConfig, BpeTokenizer tokenizer, DecoderModel decoder)
    {
        Folder = folder;
        Config = config;
        TokenizerConfig = tokenizerConfig;
        Tokenizer = tokenizer;
        Decoder = decoder;
        var eos = new HashSet<int>(config.EosTokenIds);
        if (tokenizerConfig.EosToken is { } eosToken && tokenizer.TokenToId(eosToken) is { } eosId)
        {
            eos.Add(eosId);
        }

        // ChatML ends a turn with <|im_end|>: always a stop token, whatever the config lists.
        if (tokenizer.TokenToId("<|im_end|>") is { } imEnd)
        {
            eos.Add(imEnd);
        }

        StopTokenIds = eos;
    }

    public string Folder { get; }

    /// <summary>The folder's name, shown as the model's id (e.g. qwen2.5-0.5b-instruct-cpu-int4).</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Folder));

    public GenAiConfig Config { get; }

    public TokenizerConfig TokenizerConfig { get; }

    public BpeTokenizer Tokenizer { get; }

    public DecoderModel Decoder { get; }

    /// <summary>Tokens that end a generation: eos_token_id of genai_config.json, the tokenizer's eos_token and &lt;|im_end|&gt;.</summary>
    public IReadOnlySet<int> StopTokenIds { get; }

    /// <summary>
    /// Reads and checks the folder, then creates the ONNX Runtime session. Every problem is a
    /// <see cref="ModelFolderException"/> naming the file and field (or an <see cref="OrtLibraryException"/>
    /// for the execution provider).
    /// </summary>
    public static QwenModel Load(string folder, OrtRuntime runtime, OrtSessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Directory.Exists(folder))
        {
            throw new ModelFolderException($"The model folder '{folder}' does not exist (QwenHelp:Model:Path).");
        }

        var config = GenAiConfig.Read(folder);
        var modelFile = Path.Combine(folder, config.Decoder.FileName);
        if (!File.Exists(modelFile))
        {
            throw new ModelFolderException(folder, config.Decoder.FileName, "", $"the decoder file named by {GenAiConfig.FileName} model.decoder.filename is missing.");
        }

        var tokenizerPath = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(tokenizerPath))
        {
            throw new ModelFolderException(folder, "tokenizer.json", "", "the file is missing.");
        }

        BpeTokenizer tokenizer;
        try
        {
            tokenizer = BpeTokenizer.Load(tokenizerPath);
        }
        catch (TokenizerFormatException ex)
        {
            throw new ModelFolderException(folder, "tokenizer.json", "", ex.Message, ex);
        }

        var tokenizerConfig = TokenizerConfig.Read(folder);
        foreach (var eos in config.EosTokenIds)
        {
            if (eos < 0 || eos >= Math.Max(tokenizer.VocabularySize, config.VocabSize ?? 0))
            {
                throw new ModelFolderException(folder, GenAiConfig.FileName, "model.eos_token_id", $"{eos} is not a token id of tokenizer.json.");
            }
        }

        OrtSession session;
        try
        {
            session = OrtSession.Create(runtime, modelFile, settings);
        }
        catch (OrtException ex)
        {
            throw new ModelFolderException(folder, config.Decoder.FileName, "", $"ONNX Runtime cannot load it: {ex.OrtMessage}", ex);
        }

        try
        {
            var maxLength = Math.Min(config.ContextLength, config.Search.MaxLength ?? config.ContextLength);
            var decoder = new DecoderModel(session, config, folder, config.Search.PastPresentShareBuffer, maxLength);
            if (tokenizer.VocabularySize > decoder.VocabularySize && decoder.VocabularySize > 0)
            {
                throw new ModelFolderException(folder, "tokenizer.json", "model.vocab", $"has ids up to {tokenizer.VocabularySize - 1} but the model's logits have only {decoder.VocabularySize} columns.");
            }

            return new QwenModel(folder, config, tokenizerConfig, tokenizer, decoder);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => Decoder.Dispose();
}
