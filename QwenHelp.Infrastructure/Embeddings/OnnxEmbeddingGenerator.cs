using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using QwenHelp.Infrastructure.Inference.Runtime;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// A sentence-embedding model exported to ONNX (bge-small-zh, bge-base-en, all-MiniLM and other
/// BERT-family exports; multilingual-e5 and other XLM-R ones), run in process on ONNX Runtime's
/// managed API (Microsoft.ML.OnnxRuntime) on the CPU or, with ExecutionProvider cuda, the GPU. The model
/// folder says how: <c>model.onnx</c> (or <c>onnx/model.onnx</c>) with inputs <c>input_ids</c>,
/// <c>attention_mask</c> and, when the graph has it, <c>token_type_ids</c>, and output
/// <c>last_hidden_state</c> (or an already pooled <c>sentence_embedding</c>); the tokenizer
/// (<c>tokenizer.json</c>, WordPiece or Unigram, or <c>vocab.txt</c>); the pooling (<c>1_Pooling/config.json</c> of a
/// sentence-transformers export: CLS for bge, mean for MiniLM and e5). Vectors are L2-normalized.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession _session;
    private readonly ISentenceTokenizer _tokenizer;
    private readonly EmbeddingPooling _pooling;
    private readonly int _maxTokens;
    private readonly string _output;
    private readonly bool _pooledOutput;
    private readonly bool _typeIds;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <exception cref="InvalidDataException">The folder is not a usable model; the message names the file and the problem.</exception>
    /// <exception cref="MissingNativeLibraryException">ExecutionProvider cuda without a library it needs.</exception>
    public OnnxEmbeddingGenerator(OnnxEmbedderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = options.ModelFolder is { Length: > 0 } f ? Path.GetFullPath(f) : throw new InvalidDataException("No ONNX embedding model folder is configured.");
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"The ONNX embedding model folder '{folder}' does not exist.");
        }

        var modelFile = new[] { Path.Combine(folder, "model.onnx"), Path.Combine(folder, "onnx", "model.onnx") }.FirstOrDefault(File.Exists)
            ?? throw new InvalidDataException($"The model folder '{folder}' has no model.onnx (nor onnx/model.onnx).");
        _tokenizer = SentenceTokenizers.Load(folder);
        _pooling = options.Pooling ?? ReadPooling(folder);
        _maxTokens = options.MaxTokens;
        try
        {
            _session = OnnxSessions.Create(modelFile, options.ExecutionProvider, options.CudaDeviceId, options.IntraOpThreads);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime could not load '{modelFile}': {e.Message}", e);
        }

        var inputs = _session.InputMetadata.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var required in new[] { "input_ids", "attention_mask" })
        {
            if (!inputs.Contains(required))
            {
                _session.Dispose();
                throw new InvalidDataException($"'{modelFile}' has no input '{required}' (it has {string.Join(", ", inputs)}); a BERT-style sentence embedder is expected.");
            }
        }

        _typeIds = inputs.Contains("token_type_ids");
        var outputs = _session.OutputMetadata.Select(o => (Name: o.Key, Dimensions: o.Value.Dimensions)).ToList();
        var pooled = outputs.FirstOrDefault(o => o.Name == "sentence_embedding");
        var hidden = outputs.FirstOrDefault(o => o.Name is "last_hidden_state" or "token_embeddings");
        hidden = hidden.Name is null ? outputs.FirstOrDefault(o => o.Dimensions.Length == 3) : hidden;
        var chosen = pooled.Name is not null ? pooled : hidden;
        if (chosen.Name is null)
        {
            _session.Dispose();
            throw new InvalidDataException($"'{modelFile}' has no output to embed from (last_hidden_state, token_embeddings or sentence_embedding).");
        }

        _output = chosen.Name;
        _pooledOutput = chosen.Dimensions.Length == 2;
        var dimension = chosen.Dimensions[^1] > 0 ? chosen.Dimensions[^1] : ReadHiddenSize(folder);
        ModelId = $"onnx:{Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar))}:{(_pooledOutput ? "pooled" : _pooling.ToString().ToLowerInvariant())}";
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", new Uri(folder + Path.DirectorySeparatorChar), ModelId, dimension);
    }

    /// <summary>Names the vector space: the model folder's name and the pooling.</summary>
    public string ModelId { get; }

    public ISentenceTokenizer Tokenizer => _tokenizer;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var vector in Embed(texts, cancellationToken))
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <summary>One unit vector per text: the batch padded to its longest sequence, pooled over the real tokens only.</summary>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var encoded = texts.Select(t => _tokenizer.Encode(t, _maxTokens)).ToList();
        var batch = encoded.Count;
        var length = encoded.Max(e => e.Count);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        Array.Fill(ids, _tokenizer.PaddingId);
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < encoded[b].Count; t++)
            {
                ids[(b * length) + t] = encoded[b][t];
                mask[(b * length) + t] = 1;
            }
        }

        long[] shape = [batch, length];
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = OrtValue.CreateTensorValueFromMemory(ids, shape),
            ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(mask, shape),
        };
        if (_typeIds)
        {
            inputs["token_type_ids"] = OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape);
        }

        try
        {
            using var runOptions = new RunOptions();
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(runOptions, inputs.Keys.ToList(), inputs.Values.ToList(), [_output]);
            }
            catch (OnnxRuntimeException e)
            {
                throw new EmbeddingException($"The ONNX embedding model failed: {e.Message}", e);
            }

            using (outputs)
            {
                return Pool(outputs[0], mask, batch, length);
            }
        }
        finally
        {
            foreach (var input in inputs.Values)
            {
                input.Dispose();
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    public void Dispose() => _session.Dispose();

    private List<float[]> Pool(OrtValue output, long[] mask, int batch, int length)
    {
        var data = output.GetTensorDataAsSpan<float>();
        var shape = output.GetTensorTypeAndShape().Shape;
        var hidden = (int)shape[^1];
        var vectors = new List<float[]>(batch);
        for (var b = 0; b < batch; b++)
        {
            var vector = new float[hidden];
            if (_pooledOutput)
            {
                data.Slice(b * hidden, hidden).CopyTo(vector);
            }
            else if (_pooling == EmbeddingPooling.Cls)
            {
                data.Slice(b * length * hidden, hidden).CopyTo(vector);
            }
            else
            {
                var tokens = 0;
                for (var t = 0; t < length; t++)
                {
                    if (mask[(b * length) + t] != 0)
                    {
                        TensorPrimitives.Add(vector, data.Slice(((b * length) + t) * hidden, hidden), vector);
                        tokens++;
                    }
                }

                TensorPrimitives.Divide(vector, Math.Max(1, tokens), vector);
            }

            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors.Add(vector);
        }

        return vectors;
    }

    /// <summary>sentence-transformers' <c>1_Pooling/config.json</c>: CLS when it says so, else the mean (also when there is no such file).</summary>
    private static EmbeddingPooling ReadPooling(string folder)
    {
        var path = Path.Combine(folder, "1_Pooling", "config.json");
        if (!File.Exists(path))
        {
            return EmbeddingPooling.Mean;
        }

        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(path));
            return config.RootElement.TryGetProperty("pooling_mode_cls_token", out var cls) && cls.ValueKind == JsonValueKind.True
                ? EmbeddingPooling.Cls
                : EmbeddingPooling.Mean;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static int ReadHiddenSize(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (File.Exists(path))
        {
            using var config = JsonDocument.Parse(File.ReadAllText(path));
            if (config.RootElement.TryGetProperty("hidden_size", out var size) && size.TryGetInt32(out var value) && value > 0)
            {
                return value;
            }
        }

        throw new InvalidDataException($"The model's output has no fixed width and '{path}' gives no hidden_size.");
    }
}
