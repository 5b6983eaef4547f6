using QwenHelp.Infrastructure.Knowledge;

namespace QwenHelp.Tests.Unit.Retrieval;

public class EstimatedTokenCounterTests
{
    private readonly EstimatedTokenCounter _tokens = new();

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("退款", 2)]
    [InlineData("refund", 2)]
    [InlineData("a b", 2)]
    [InlineData("12345", 2)]
    [InlineData("退款refund。", 5)]
    public void CountsChineseByCharacterAndOtherTextByRuns(string text, int expected)
    {
        Assert.Equal(expected, _tokens.CountTokens(text));
    }

    [Fact]
    public void GrowsWithTheText()
    {
        Assert.True(_tokens.CountTokens("How long does a refund take to arrive?") < _tokens.CountTokens("How long does a refund take to arrive on my credit card statement?"));
    }
}
