using Microsoft.Extensions.AI;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// One embedder per language behind one vector space (docs/decisions/0132): English text is embedded
/// by <c>english</c> into the first part of the vector, Chinese text by <c>chinese</c> into the second,
/// the other part left zero. Vectors of the two languages are therefore orthogonal (an English query
/// never matches a Chinese passage by vector, as with any English-only model), and the vector index,
/// the stored vectors and zero-downtime re-embedding see one model id and one dimension as before.
/// Each text's language is told from its own characters (<see cref="LanguageDetector"/>).
/// </summary>
public sealed class LanguageRoutedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _english;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _chinese;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int? _englishDimension;
    private int? _chineseDimension;

    public LanguageRoutedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> english, IEmbeddingGenerator<string, Embedding<float>> chinese)
    {
        _english = english;
        _chinese = chinese;
        _englishDimension = english.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        _chineseDimension = chinese.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        ModelId = $"en={Describe(english)};zh={Describe(chinese)}";
        _metadata = new EmbeddingGeneratorMetadata("qwenhelp-per-language", null, ModelId, _englishDimension + _chineseDimension);
    }

    /// <summary>Names both embedders: a change of either makes the stored vectors stale.</summary>
    public string ModelId { get; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var chinese = texts.Select(t => LanguageDetector.Detect(t) == Languages.Chinese).ToList();
        // A remote embedder may not say its dimension up front: one probe each, the first time.
        var englishDimension = _englishDimension ??= await ProbeAsync(_english, "dimension probe", cancellationToken);
        var chineseDimension = _chineseDimension ??= await ProbeAsync(_chinese, "维度探测", cancellationToken);
        var vectors = new float[texts.Count][];
        await EmbedPartAsync(_english, texts, i => !chinese[i], 0, englishDimension, englishDimension + chineseDimension, vectors, cancellationToken);
        await EmbedPartAsync(_chinese, texts, i => chinese[i], englishDimension, chineseDimension, englishDimension + chineseDimension, vectors, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = now });
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        _english.Dispose();
        _chinese.Dispose();
    }

    private async Task EmbedPartAsync(IEmbeddingGenerator<string, Embedding<float>> generator, List<string> texts, Func<int, bool> routed,
        int offset, int dimension, int total, float[][] vectors, CancellationToken cancellationToken)
    {
        var indexes = Enumerable.Range(0, texts.Count).Where(routed).ToList();
        if (indexes.Count == 0)
        {
            return;
        }

        var embeddings = await generator.GenerateAsync(indexes.Select(i => texts[i]), cancellationToken: cancellationToken);
        if (embeddings.Count != indexes.Count)
        {
            throw new EmbeddingException($"The embedder returned {embeddings.Count} vectors for {indexes.Count} texts.");
        }

        for (var j = 0; j < indexes.Count; j++)
        {
            var part = embeddings[j].Vector.Span;
            if (part.Length != dimension)
            {
                throw new EmbeddingException($"The embedder returned a vector of {part.Length} dimensions; {dimension} were expected.");
            }

            var vector = new float[total];
            part.CopyTo(vector.AsSpan(offset, dimension));
            vectors[indexes[j]] = vector;
        }
    }

    private static async Task<int> ProbeAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string text, CancellationToken cancellationToken)
    {
        var probe = await generator.GenerateAsync([text], cancellationToken: cancellationToken);
        return probe.Count == 1 && probe[0].Vector.Length > 0
            ? probe[0].Vector.Length
            : throw new EmbeddingException("The embedder returned no vector for a probe text.");
    }

    private static string Describe(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? generator.GetType().Name;
}
