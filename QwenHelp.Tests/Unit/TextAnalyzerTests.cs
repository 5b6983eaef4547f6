using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit;

public class TextAnalyzerTests
{
    private readonly TextAnalyzer _analyzer = new();

    [Fact]
    public void SplitsChineseIntoOverlappingBigrams()
    {
        Assert.Equal(["重置", "置密", "密码"], _analyzer.Analyze("重置密码"));
    }

    [Fact]
    public void KeepsASingleChineseCharacterAsATerm()
    {
        Assert.Equal(["退"], _analyzer.Analyze("退"));
    }

    [Fact]
    public void LowerCasesEnglishWordsAndDropsPunctuation()
    {
        Assert.Equal(["how", "do", "i", "reset", "my", "password"], _analyzer.Analyze("How do I reset my PASSWORD?"));
    }

    [Fact]
    public void KeepsOrderNumbersWhole()
    {
        Assert.Contains("lm20260001234", _analyzer.Analyze("订单LM20260001234到哪了"));
    }

    [Fact]
    public void FoldsFullWidthFormsToHalfWidth()
    {
        Assert.Equal(_analyzer.Analyze("VIP 123"), _analyzer.Analyze("ＶＩＰ　１２３"));
    }

    [Fact]
    public void SeparatesMixedChineseAndEnglish()
    {
        Assert.Equal(["我的", "order", "还没", "没到"], _analyzer.Analyze("我的order还没到"));
    }

    [Fact]
    public void StopsAtTheTermLimit()
    {
        var huge = string.Join(' ', Enumerable.Repeat("word", 10_000));
        Assert.Equal(64, _analyzer.Analyze(huge, maxTerms: 64).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!…。，")]
    [InlineData(null)]
    public void GivesNoTermsForTextWithoutWords(string? text)
    {
        Assert.Empty(_analyzer.Analyze(text));
    }
}
