using System.Numerics.Tensors;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>The bundled all-MiniLM-L6-v2, read from the package's DLL and run on the real ONNX Runtime.</summary>
public sealed class MiniLmEmbeddingGeneratorTests : IDisposable
{
    private readonly MiniLmEmbeddingGenerator _embedder = new();

    public void Dispose() => _embedder.Dispose();

    private float Similarity(string a, string b)
    {
        var vectors = _embedder.Embed([a, b]);
        return TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
    }

    [Fact]
    public void MakesUnitVectorsOf384Dimensions()
    {
        var vectors = _embedder.Embed(["How do I return an item?", "x"]);

        Assert.All(vectors, v => Assert.Equal(MiniLmEmbeddingGenerator.Dimension, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v), 3));
    }

    [Fact]
    public void PlacesAParaphraseWithNoWordInCommonCloserThanAnotherTopic()
    {
        // "refund" / "money back" share no word: only a semantic model sees that they mean the same.
        var paraphrase = Similarity("How do I get a refund?", "I want my money back");
        var otherTopic = Similarity("How do I get a refund?", "Where is my parcel?");

        Assert.True(paraphrase > otherTopic + 0.1, $"paraphrase {paraphrase:0.000}, other topic {otherTopic:0.000}");
        Assert.True(paraphrase > 0.4, $"paraphrase {paraphrase:0.000}");
    }

    [Fact]
    public void GivesATextTheSameVectorAloneAsInABatchWithLongerTexts()
    {
        const string Short = "change my delivery address";
        var alone = _embedder.Embed([Short])[0];
        var batched = _embedder.Embed([string.Join(' ', Enumerable.Repeat("a much longer sentence about shipping times", 20)), Short])[1];

        Assert.Equal(1.0, TensorPrimitives.CosineSimilarity(alone, batched), 4);
    }

    [Fact]
    public void EmbedsATextLongerThanTheModelLimitFromItsBeginning()
    {
        var longText = string.Join(' ', Enumerable.Repeat("warranty", 2000));

        var vector = Assert.Single(_embedder.Embed([longText]));

        Assert.Equal(1.0, TensorPrimitives.Norm(vector), 3);
    }

    [Fact]
    public async Task NamesItsModelAndDimensionSoStoredVectorsOfOtherModelsAreKnownStale()
    {
        var metadata = _embedder.GetService(typeof(Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)) as Microsoft.Extensions.AI.EmbeddingGeneratorMetadata;
        var generated = await _embedder.GenerateAsync(["hello"]);

        Assert.Equal(("all-MiniLM-L6-v2", 384), (metadata?.DefaultModelId, metadata?.DefaultModelDimensions));
        Assert.Equal("all-MiniLM-L6-v2", generated[0].ModelId);
    }
}
