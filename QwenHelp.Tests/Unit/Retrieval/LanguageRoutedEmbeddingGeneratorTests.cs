using Microsoft.Extensions.AI;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>English and Chinese texts embedded by their own embedders into one vector space.</summary>
public sealed class LanguageRoutedEmbeddingGeneratorTests : IDisposable
{
    private readonly HashingEmbeddingGenerator _english = new(new HashingEmbedderSettings { Dimension = 64 });
    private readonly HashingEmbeddingGenerator _chinese = new(new HashingEmbedderSettings { Dimension = 128 });
    private readonly LanguageRoutedEmbeddingGenerator _routed;

    public LanguageRoutedEmbeddingGeneratorTests() => _routed = new(_english, _chinese);

    public void Dispose() => _routed.Dispose();

    [Fact]
    public async Task PutsEnglishTextInTheEnglishPartAndChineseTextInTheChinesePart()
    {
        var vectors = await _routed.GenerateAsync(["How do I reset my password?", "如何重置密码?", "我的order还没到"]);

        var english = vectors[0].Vector.ToArray();
        var chinese = vectors[1].Vector.ToArray();
        Assert.All(vectors, v => Assert.Equal(192, v.Vector.Length));
        Assert.Equal(_english.Embed("How do I reset my password?"), english[..64]);
        Assert.All(english[64..], x => Assert.Equal(0f, x));
        Assert.Equal(_chinese.Embed("如何重置密码?"), chinese[64..]);
        Assert.All(chinese[..64], x => Assert.Equal(0f, x));
        Assert.All(vectors[2].Vector.ToArray()[..64], x => Assert.Equal(0f, x)); // a Chinese sentence with one English word is Chinese
    }

    [Fact]
    public void NamesBothEmbeddersSoChangingEitherMakesTheStoredVectorsStale()
    {
        var metadata = _routed.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal($"en={_english.ModelId};zh={_chinese.ModelId}", metadata?.DefaultModelId);
        Assert.Equal(192, metadata?.DefaultModelDimensions);
    }

    [Theory]
    [InlineData(EmbeddingProvider.BuiltIn, LanguageEmbedder.Auto, LanguageEmbedder.Auto, EmbeddingProvider.MiniLM, EmbeddingProvider.BuiltIn)]
    [InlineData(EmbeddingProvider.Onnx, LanguageEmbedder.Auto, LanguageEmbedder.Auto, EmbeddingProvider.Onnx, EmbeddingProvider.Onnx)]
    [InlineData(EmbeddingProvider.Onnx, LanguageEmbedder.MiniLM, LanguageEmbedder.Auto, EmbeddingProvider.MiniLM, EmbeddingProvider.Onnx)]
    [InlineData(EmbeddingProvider.MiniLM, LanguageEmbedder.Auto, LanguageEmbedder.Auto, EmbeddingProvider.MiniLM, EmbeddingProvider.BuiltIn)]
    [InlineData(EmbeddingProvider.BuiltIn, LanguageEmbedder.BuiltIn, LanguageEmbedder.Auto, EmbeddingProvider.BuiltIn, EmbeddingProvider.BuiltIn)]
    public void ChoosesMiniLmForEnglishUnlessTheOperatorConfiguredAnEmbedderWhichTakesEitherLanguage(
        EmbeddingProvider provider, LanguageEmbedder english, LanguageEmbedder chinese, EmbeddingProvider expectedEnglish, EmbeddingProvider expectedChinese)
    {
        var options = new EmbeddingOptions { Provider = provider, English = english, Chinese = chinese };

        Assert.Equal((expectedEnglish, expectedChinese), (options.EnglishProvider, options.ChineseProvider));
    }
}
