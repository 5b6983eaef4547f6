using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// How retrieval uses the configured <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>: passages
/// and queries with their own prefixes, in batches, every vector checked for its dimension, and the
/// vector space named (model id and dimension) so that stored vectors of another space are known stale.
/// </summary>
public sealed class PassageEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, IOptions<EmbeddingOptions> options) : IDisposable
{
    /// <summary>Longest text sent to the embedder, in characters; a longer passage is embedded from its beginning.</summary>
    public const int MaxTextCharacters = 8000;

    private readonly SemaphoreSlim _identityGate = new(1, 1);
    private EmbeddingSpace? _space;

    public void Dispose() => _identityGate.Dispose();

    /// <summary>The embedder's vector space; asks it for one vector when its metadata does not say the dimension.</summary>
    /// <exception cref="EmbeddingException">The embedder could not be reached or answered nonsense.</exception>
    public async Task<EmbeddingSpace> GetSpaceAsync(CancellationToken cancellationToken)
    {
        if (_space is { } known)
        {
            return known;
        }

        await _identityGate.WaitAsync(cancellationToken);
        try
        {
            if (_space is { } raced)
            {
                return raced;
            }

            var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
            var modelId = metadata?.DefaultModelId ?? generator.GetType().Name;
            var dimension = metadata?.DefaultModelDimensions;
            if (dimension is null)
            {
                var probe = await GenerateCheckedAsync(["dimension probe"], null, cancellationToken);
                dimension = probe[0].Length;
            }

            _space = new EmbeddingSpace(modelId, dimension.Value);
            return _space;
        }
        finally
        {
            _identityGate.Release();
        }
    }

    /// <summary>The text as it is sent to the embedder for a passage (prefix included): its hash tells whether a stored vector is still current.</summary>
    public string PassageInput(string text) => options.Value.PassagePrefix + Truncate(text);

    /// <summary>A short, stable fingerprint of a passage input.</summary>
    public static string ContentHash(string input) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..32];

    /// <summary>Embeds passage inputs (see <see cref="PassageInput"/>) in batches.</summary>
    /// <exception cref="EmbeddingException">The embedder failed or returned vectors of the wrong dimension.</exception>
    public async Task<IReadOnlyList<float[]>> EmbedPassageInputsAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var space = await GetSpaceAsync(cancellationToken);
        var vectors = new List<float[]>(inputs.Count);
        var batch = options.Value.BatchSize;
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var slice = inputs.Skip(start).Take(batch).ToList();
            vectors.AddRange(await GenerateCheckedAsync(slice, space.Dimension, cancellationToken));
        }

        return vectors;
    }

    /// <summary>Embeds a customer's query, within the configured query timeout.</summary>
    /// <exception cref="EmbeddingException">The embedder failed, timed out or returned a vector of the wrong dimension.</exception>
    public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.QueryTimeoutSeconds));
        try
        {
            var space = await GetSpaceAsync(timeout.Token);
            var vectors = await GenerateCheckedAsync([options.Value.QueryPrefix + Truncate(query)], space.Dimension, timeout.Token);
            return vectors[0];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingException($"The embedder did not answer within {options.Value.QueryTimeoutSeconds} s.");
        }
    }

    private async Task<List<float[]>> GenerateCheckedAsync(List<string> inputs, int? dimension, CancellationToken cancellationToken)
    {
        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await generator.GenerateAsync(inputs, null, cancellationToken);
        }
        catch (EmbeddingException)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException or TimeoutException
                                      or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new EmbeddingException($"The embedder failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingException("The embedder timed out.", e);
        }

        if (embeddings.Count != inputs.Count)
        {
            throw new EmbeddingException($"The embedder returned {embeddings.Count} vectors for {inputs.Count} texts.");
        }

        var vectors = new List<float[]>(inputs.Count);
        foreach (var embedding in embeddings)
        {
            var vector = MemoryMarshal.TryGetArray(embedding.Vector, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : embedding.Vector.ToArray();
            if (vector.Length == 0 || (dimension is { } expected && vector.Length != expected))
            {
                throw new EmbeddingException($"The embedder returned a vector of {vector.Length} dimensions; {dimension} were expected.");
            }

            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(vector)))
            {
                throw new EmbeddingException("The embedder returned a vector with values that are not numbers.");
            }

            vectors.Add(vector);
        }

        return vectors;
    }

    private static string Truncate(string text) => text.Length > MaxTextCharacters ? text[..MaxTextCharacters] : text;
}

/// <summary>A vector space: vectors are comparable only within the same model and dimension.</summary>
public sealed record EmbeddingSpace(string ModelId, int Dimension)
{
    public override string ToString() => $"{ModelId} ({Dimension})";
}

/// <summary>An embedder could not make a vector: unreachable, timed out, or answered with something unusable.</summary>
public sealed class EmbeddingException : Exception
{
    public EmbeddingException()
    {
    }

    public EmbeddingException(string message)
        : base(message)
    {
    }

    public EmbeddingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
