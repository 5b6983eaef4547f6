using System.Text.Json;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Unit.Retrieval;

public class UnigramTokenizerTests
{
    /// <summary>A SentencePiece Unigram tokenizer.json as XLM-R exports write it, with a small vocabulary (ids below 52, the tiny model's).</summary>
    public const string Json = """
        {
          "normalizer": {"type": "Sequence", "normalizers": [{"type": "Precompiled", "precompiled_charsmap": ""}, {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
          "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
          "post_processor": {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}]},
          "model": {"type": "Unigram", "unk_id": 3, "vocab": [
            ["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0],
            ["▁", -2.0], ["▁how", -3.0], ["▁do", -3.0], ["▁i", -3.5], ["▁re", -4.0], ["set", -4.0], ["▁reset", -5.0],
            ["▁my", -3.0], ["▁pass", -4.5], ["word", -4.5], ["▁password", -9.5], ["▁query", -3.0], [":", -3.0],
            ["▁passage", -3.0], ["退", -3.0], ["款", -3.0], ["退款", -4.0], ["多", -3.0], ["久", -3.0], ["到", -3.0], ["账", -3.0],
            ["▁退款", -4.5], ["a", -5.0], ["b", -5.0]
          ]}
        }
        """;

    private static UnigramTokenizer Tokenizer()
    {
        using var document = JsonDocument.Parse(Json);
        return UnigramTokenizer.FromTokenizerJson("tokenizer.json", document.RootElement);
    }

    [Theory]
    [InlineData("how do i reset my password", new[] { 0, 5, 6, 7, 10, 11, 12, 13, 2 })]
    [InlineData("I", new[] { 0, 4, 3, 2 })]
    [InlineData("  退款多久到账 ", new[] { 0, 25, 21, 22, 23, 24, 2 })]
    [InlineData("query: reset", new[] { 0, 15, 16, 10, 2 })]
    [InlineData("ＡＢ", new[] { 0, 4, 3, 2 })]
    [InlineData("ab", new[] { 0, 4, 26, 27, 2 })]
    [InlineData("", new[] { 0, 2 })]
    public void CutsTextIntoTheMostLikelyPieces(string text, int[] ids)
    {
        Assert.Equal(ids, Tokenizer().Encode(text, 512));
    }

    [Fact]
    public void MergesRunsOfUnknownCharactersIntoOneToken()
    {
        Assert.Equal([0, 4, 3, 2], Tokenizer().Encode("xyz", 512));
    }

    [Fact]
    public void KeepsTheEndTokenWhenCuttingAtTheLimit()
    {
        var ids = Tokenizer().Encode(string.Join(' ', Enumerable.Repeat("how do", 50)), 6);

        Assert.Equal([0, 5, 6, 5, 6, 2], ids);
    }
}
