using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>The ONNX sentence embedder on the real ONNX Runtime, against a tiny BERT-shaped model and numpy's vectors for it.</summary>
public sealed class OnnxEmbeddingGeneratorTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static OnnxEmbeddingGenerator Embedder(string? folder = null, EmbeddingPooling? pooling = null, int maxTokens = 512) =>
        new(new OnnxEmbedderOptions { ModelFolder = folder ?? TinyEmbeddingModel.Folder, Pooling = pooling, MaxTokens = maxTokens, IntraOpThreads = 1 });

    [Fact]
    public void TokenizesAsBertsWordPieceTokenizerDoes()
    {
        var tokenizer = WordPieceTokenizer.Load(TinyEmbeddingModel.Folder);

        Assert.All(TinyEmbeddingModel.Cases(), c => Assert.Equal(c.Ids, tokenizer.Encode(c.Text, 512)));
        Assert.Equal(["un", "##aff", "##able"], tokenizer.Tokenize("unaffable"));
        Assert.Equal(["cafe"], tokenizer.Tokenize("CAFÉ"));
    }

    [Fact]
    public void ReadsTheOlderVocabTxtLayoutTheSameWay()
    {
        var copy = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "vocab-only"));
        File.Delete(Path.Combine(copy, "tokenizer.json"));

        var tokenizer = WordPieceTokenizer.Load(copy);

        Assert.All(TinyEmbeddingModel.Cases(), c => Assert.Equal(c.Ids, tokenizer.Encode(c.Text, 512)));
    }

    [Fact]
    public void CutsLongTextsAtTheTokenLimitKeepingSep()
    {
        var tokenizer = WordPieceTokenizer.Load(TinyEmbeddingModel.Folder);

        var ids = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("hello world", 100)), 8);

        Assert.Equal(8, ids.Count);
        Assert.Equal(tokenizer.ClassifierId, ids[0]);
        Assert.Equal(tokenizer.SeparatorId, ids[^1]);
    }

    [Fact]
    public async Task MakesTheVectorsTheReferenceComputesWithMeanPooling()
    {
        using var embedder = Embedder();
        var cases = TinyEmbeddingModel.Cases();

        var embeddings = await embedder.GenerateAsync(cases.Select(c => c.Text).ToList());

        for (var i = 0; i < cases.Count; i++)
        {
            var vector = embeddings[i].Vector.ToArray();
            Assert.Equal(1.0, TensorPrimitives.Norm(vector), 4);
            Assert.True(TensorPrimitives.Dot(vector, cases[i].Mean) > 0.9999, $"'{cases[i].Text}' differs from the reference");
        }
    }

    [Fact]
    public void PoolsTheClsTokenWhenTheModelSaysSo()
    {
        var copy = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "cls"));
        File.WriteAllText(Path.Combine(copy, "1_Pooling", "config.json"), """{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}""");
        using var embedder = Embedder(copy);
        var first = TinyEmbeddingModel.Cases()[0];

        var vector = embedder.Embed([first.Text])[0];

        Assert.True(TensorPrimitives.Dot(vector, first.Cls) > 0.9999);
        Assert.EndsWith(":cls", embedder.ModelId, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbedsATextTheSameAloneAsInAPaddedBatch()
    {
        using var embedder = Embedder();
        string[] texts = ["Hello, world!", "How do I reset my PASSWORD? " + string.Join(' ', Enumerable.Repeat("refund", 20)), "退款"];

        var batch = embedder.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.Dot(batch[i], embedder.Embed([texts[i]])[0]) > 0.99999);
        }
    }

    [Fact]
    public void EmbedsWithAUnigramTokenizerAsMultilingualE5ExportsHave()
    {
        var copy = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "e5-like"));
        File.WriteAllText(Path.Combine(copy, "tokenizer.json"), UnigramTokenizerTests.Json);
        using var embedder = Embedder(copy);

        var vectors = embedder.Embed(["query: how do I reset my password", "passage: 退款多久到账", "query: how do I reset my password"]);

        Assert.IsType<UnigramTokenizer>(embedder.Tokenizer);
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v), 4));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.True(TensorPrimitives.Dot(vectors[0], vectors[1]) < 0.9999);
    }

    [Fact]
    public void NamesItsVectorSpaceAndDimensionFromTheFolder()
    {
        using var embedder = Embedder();

        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(16, metadata.DefaultModelDimensions);
        Assert.Equal($"onnx:{Path.GetFileName(TinyEmbeddingModel.Folder)}:mean", metadata.DefaultModelId);
    }

    [Fact]
    public void RefusesAFolderThatIsNotAModelNamingWhatIsWrong()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder.Path, "empty")).FullName;
        Assert.Contains("has no model.onnx", Assert.Throws<InvalidDataException>(() => Embedder(empty)).Message, StringComparison.Ordinal);

        var noTokenizer = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "no-tokenizer"));
        File.Delete(Path.Combine(noTokenizer, "tokenizer.json"));
        File.Delete(Path.Combine(noTokenizer, "vocab.txt"));
        Assert.Contains("neither tokenizer.json nor vocab.txt", Assert.Throws<InvalidDataException>(() => Embedder(noTokenizer)).Message, StringComparison.Ordinal);

        var corrupt = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "corrupt"));
        File.WriteAllBytes(Path.Combine(corrupt, "model.onnx"), [1, 2, 3, 4, 5]);
        Assert.Contains("ONNX Runtime could not load", Assert.Throws<InvalidDataException>(() => Embedder(corrupt)).Message, StringComparison.Ordinal);

        var bpe = TinyEmbeddingModel.CopyTo(Path.Combine(_folder.Path, "bpe"));
        File.WriteAllText(Path.Combine(bpe, "tokenizer.json"), """{"model":{"type":"BPE","vocab":{"a":0},"merges":[]}}""");
        Assert.Contains("holds a BPE tokenizer", Assert.Throws<InvalidDataException>(() => Embedder(bpe)).Message, StringComparison.Ordinal);

        Assert.Contains("does not exist", Assert.Throws<InvalidDataException>(() => Embedder(Path.Combine(_folder.Path, "missing"))).Message, StringComparison.Ordinal);
    }
}
