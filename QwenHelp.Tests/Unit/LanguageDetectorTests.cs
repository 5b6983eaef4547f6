using QwenHelp.Domain.Text;

namespace QwenHelp.Tests.Unit;

public class LanguageDetectorTests
{
    [Theory]
    [InlineData("如何重置密码?", "zh")]
    [InlineData("How do I reset my password?", "en")]
    [InlineData("我的order还没到", "zh")]
    [InlineData("where is my 订单", "en")]
    public void TellsChineseFromEnglish(string text, string expected)
    {
        Assert.Equal(expected, LanguageDetector.Detect(text));
    }

    [Fact]
    public void UsesTheFallbackWhenTheTextHasNoLetters()
    {
        Assert.Equal("zh", LanguageDetector.Detect("LM?? 123 👍".Replace("LM", "", StringComparison.Ordinal), fallback: "zh"));
    }
}
