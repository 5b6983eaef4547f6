using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Unit.Retrieval;

public sealed class HashingEmbeddingGeneratorTests : IDisposable
{
    private readonly HashingEmbeddingGenerator _embedder = new();

    public void Dispose() => _embedder.Dispose();

    private double Similarity(string a, string b) => TensorPrimitives.Dot(_embedder.Embed(a), _embedder.Embed(b));

    [Fact]
    public async Task MakesUnitVectorsOfTheAdvertisedDimensionNamedByModelId()
    {
        var embeddings = await _embedder.GenerateAsync(["How do I return an item?", "如何退货?"]);

        var metadata = _embedder.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal("qwenhelp-hashing-v1-d512", metadata.DefaultModelId);
        Assert.Equal(512, metadata.DefaultModelDimensions);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(512, e.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 4);
            Assert.Equal("qwenhelp-hashing-v1-d512", e.ModelId);
        });
    }

    [Fact]
    public void IsDeterministicAcrossInstancesSoStoredVectorsStayValid()
    {
        Assert.Equal(new HashingEmbeddingGenerator().Embed("退款多久到账 refund"), new HashingEmbeddingGenerator().Embed("退款多久到账 refund"));
    }

    [Fact]
    public void NamesOtherSettingsAsAnotherVectorSpace()
    {
        Assert.Equal("qwenhelp-hashing-v1-d256", new HashingEmbedderSettings { Dimension = 256 }.ModelId);
        Assert.NotEqual(new HashingEmbedderSettings().ModelId, new HashingEmbedderSettings { CharNGramWeight = 0.5f }.ModelId);
    }

    [Fact]
    public void PlacesATypoNearTheWordItMisspells()
    {
        Assert.True(Similarity("cancle my order", "How do I cancel my order?") > Similarity("cancle my order", "How do I change my address?"));
        Assert.True(Similarity("retrun policy", "return policy") > 0.5);
    }

    [Fact]
    public void PlacesChineseTextsSharingWordsNearEachOther()
    {
        Assert.True(Similarity("退款什么时候到账", "退款多久能到账?") > Similarity("退款什么时候到账", "怎么修改收货地址?"));
    }

    [Fact]
    public async Task EmbedsABatchExactlyAsItEmbedsEachText()
    {
        string[] texts = [.. Enumerable.Range(0, 20).Select(i => $"question {i} about invoices 发票 {i}")];

        var batch = await _embedder.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(_embedder.Embed(texts[i]), batch[i].Vector.ToArray());
        }
    }

    [Fact]
    public void GivesTextWithoutWordsNoDirectionAndBoundsHugeText()
    {
        Assert.All(_embedder.Embed("?!… ").Concat(_embedder.Embed("")), v => Assert.Equal(0f, v));
        var huge = string.Concat(Enumerable.Repeat("refund ", 100_000));
        Assert.Equal(1.0, TensorPrimitives.Norm(_embedder.Embed(huge)), 4);
    }
}
