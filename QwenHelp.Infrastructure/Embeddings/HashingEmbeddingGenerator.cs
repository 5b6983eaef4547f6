using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// The built-in embedder: needs no download, no GPU and no network, and is deterministic, so a
/// vector made today matches one made next year. A text becomes a bag of features (stemmed English
/// words, character n-grams of each word for typo tolerance, Chinese characters and character
/// bigrams), each weighted by its kind and by a sub-linear count, hashed with a sign into
/// <see cref="HashingEmbedderSettings.Dimension"/> buckets (the "hashing trick", an unbiased random
/// projection of the sparse feature vector) and L2-normalized, so cosine similarity is a dot product.
/// Why this design over alternatives: docs/decisions/0011-built-in-embedder.md.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Inputs longer than this are embedded from their beginning only: bounded work for any text.</summary>
    public const int MaxInputCharacters = 8000;

    /// <summary>Batches of at least this many texts are embedded on all cores.</summary>
    private const int ParallelBatch = 8;

    private readonly HashingEmbedderSettings _settings;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashingEmbeddingGenerator(HashingEmbedderSettings? settings = null)
    {
        _settings = settings ?? new HashingEmbedderSettings();
        _metadata = new EmbeddingGeneratorMetadata("qwenhelp-builtin", null, _settings.ModelId, _settings.Dimension);
    }

    public string ModelId => _settings.ModelId;

    public int Dimension => _settings.Dimension;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = new float[inputs.Count][];
        if (inputs.Count >= ParallelBatch)
        {
            // A document's chunks: spread over the cores (the embedder keeps no state between texts).
            Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => vectors[i] = Embed(inputs[i]));
        }
        else
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                vectors[i] = Embed(inputs[i]);
            }
        }

        var now = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = _settings.ModelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <summary>The unit-length vector of <paramref name="text"/>; all zeros for text without any word.</summary>
    public float[] Embed(string? text)
    {
        var vector = new float[_settings.Dimension];
        if (string.IsNullOrWhiteSpace(text))
        {
            return vector;
        }

        var features = new Dictionary<ulong, (float Weight, int Count)>();
        Extract(text.Length > MaxInputCharacters ? text[..MaxInputCharacters] : text, features);
        foreach (var (hash, (weight, count)) in features)
        {
            // Sub-linear in the count: a word said five times is not five times as important.
            var value = weight * (1f + MathF.Log(count));
            var bucket = (int)(hash % (ulong)_settings.Dimension);
            vector[bucket] += (hash & (1UL << 63)) != 0 ? -value : value;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        // Nothing to release: the embedder is pure computation.
    }

    private void Extract(string text, Dictionary<ulong, (float Weight, int Count)> features)
    {
        var normalized = UnicodeText.NormalizeKC(text);
        normalized = normalized.ToLower(CultureInfo.InvariantCulture);
        var word = new StringBuilder();
        var previousCjk = -1;

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (LanguageDetector.IsCjk(rune.Value))
            {
                FlushWord(word, features);
                Add(features, Hash('u', rune.Value), _settings.CjkUnigramWeight * (IsChineseFunctionCharacter(rune.Value) ? _settings.StopWordFactor : 1f));
                if (previousCjk >= 0)
                {
                    var bigram = string.Concat(char.ConvertFromUtf32(previousCjk), rune.ToString());
                    Add(features, Hash('b', bigram), _settings.CjkBigramWeight * (TextAnalyzer.IsStopWord(bigram) ? _settings.StopWordFactor : 1f));
                }

                previousCjk = rune.Value;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                previousCjk = -1;
                word.Append(rune.ToString());
            }
            else
            {
                previousCjk = -1;
                FlushWord(word, features);
            }
        }

        FlushWord(word, features);
    }

    private void FlushWord(StringBuilder builder, Dictionary<ulong, (float Weight, int Count)> features)
    {
        if (builder.Length == 0)
        {
            return;
        }

        var word = builder.ToString();
        builder.Clear();
        var hasDigit = word.Any(char.IsDigit);
        var stem = hasDigit ? word : PorterStemmer.Stem(word);
        var stop = TextAnalyzer.IsStopWord(stem);
        Add(features, Hash('w', stem), _settings.WordWeight * (stop ? _settings.StopWordFactor : 1f));
        if (hasDigit || stop || word.Length < 3)
        {
            return;
        }

        // Character n-grams of the word with boundary marks: "cancle" still shares "#can", "canc", "ncl"… with "cancel".
        var marked = "#" + word + "#";
        for (var n = _settings.CharNGramMin; n <= _settings.CharNGramMax; n++)
        {
            for (var i = 0; i + n <= marked.Length; i++)
            {
                Add(features, Hash('c', marked.AsSpan(i, n)), _settings.CharNGramWeight);
            }
        }
    }

    private static void Add(Dictionary<ulong, (float Weight, int Count)> features, ulong hash, float weight)
    {
        if (weight <= 0)
        {
            return;
        }

        features[hash] = features.TryGetValue(hash, out var existing) ? (existing.Weight, existing.Count + 1) : (weight, 1);
    }

    /// <summary>Characters that carry grammar rather than topic (的, 了, 吗, 我…): they count, a little.</summary>
    private static bool IsChineseFunctionCharacter(int codePoint) =>
        codePoint is '的' or '了' or '吗' or '呢' or '吧' or '啊' or '我' or '你' or '您' or '是' or '在' or '有' or '么' or '怎' or '能' or '要' or '个' or '这' or '那' or '就' or '还' or '也' or '和' or '请' or '问';

    private static ulong Hash(char kind, int codePoint) => Hash(kind, char.ConvertFromUtf32(codePoint).AsSpan());

    private static ulong Hash(char kind, string text) => Hash(kind, text.AsSpan());

    /// <summary>FNV-1a over the kind and the UTF-16 code units, finished with a SplitMix64 mix: stable across processes and platforms.</summary>
    private static ulong Hash(char kind, ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        hash = (hash ^ kind) * 1099511628211UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        hash ^= hash >> 31;
        return hash;
    }
}

/// <summary>
/// The built-in embedder's parameters, chosen by measured quality on the dev set
/// (docs/decisions/0011-built-in-embedder.md). Every one of them is part of <see cref="ModelId"/>:
/// vectors made with other settings are stale.
/// </summary>
public sealed record HashingEmbedderSettings
{
    public int Dimension { get; init; } = 512;

    public float WordWeight { get; init; } = 1.0f;

    public float CharNGramWeight { get; init; } = 0.35f;

    public int CharNGramMin { get; init; } = 3;

    public int CharNGramMax { get; init; } = 4;

    public float CjkUnigramWeight { get; init; } = 1.0f;

    public float CjkBigramWeight { get; init; } = 0.7f;

    /// <summary>How much a stop word or a Chinese function character counts, relative to its kind.</summary>
    public float StopWordFactor { get; init; } = 0.2f;

    /// <summary>
    /// Names the vector space: two embedders with the same id make comparable vectors. The default
    /// settings read <c>qwenhelp-hashing-v1-d512</c>; any other weighting adds a fingerprint of it.
    /// </summary>
    public string ModelId
    {
        get
        {
            var weighting = string.Create(CultureInfo.InvariantCulture,
                $"{WordWeight:0.###}/{CharNGramWeight:0.###}/{CharNGramMin}-{CharNGramMax}/{CjkUnigramWeight:0.###}/{CjkBigramWeight:0.###}/{StopWordFactor:0.###}");
            var id = string.Create(CultureInfo.InvariantCulture, $"qwenhelp-hashing-v1-d{Dimension}");
            return weighting == DefaultWeighting ? id : id + "-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(weighting)))[..8].ToLowerInvariant();
        }
    }

    private const string DefaultWeighting = "1/0.35/3-4/1/0.7/0.2";
}
