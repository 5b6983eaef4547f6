using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

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
    [InlineData("refunds", "refunded", "refunding")]
    [InlineData("shipping", "shipped", "ships")]
    [InlineData("cancellation", "cancellations", "cancellation")]
    [InlineData("Delivered", "delivering", "DELIVERS")]
    public void StemsEnglishWordsSoInflectionsMeetTheSameTerm(string a, string b, string c)
    {
        var terms = new[] { a, b, c }.Select(w => Assert.Single(_analyzer.Analyze(w))).Distinct().ToList();

        Assert.Single(terms);
    }

    [Fact]
    public void NeverStemsIdentifiersWithDigits()
    {
        Assert.Equal(["iphone15s", "order", "lm20260001234"], _analyzer.Analyze("iPhone15s orders LM20260001234"));
    }

    [Theory]
    [InlineData("LM-2026-0001234")]
    [InlineData("LM_20260001234")]
    [InlineData("ＬＭ２０２６０００１２３４")]
    public void KeepsAnOrderNumberWrittenWithSeparatorsOrFullWidthAsOneTerm(string written)
    {
        Assert.Equal(_analyzer.Analyze("LM20260001234"), _analyzer.Analyze(written));
    }

    [Fact]
    public void KeepsRangesAndDatesAsSeparateNumbers()
    {
        Assert.Equal(["7", "10", PorterStemmer.Stem("days")], _analyzer.Analyze("7-10 days"));
        Assert.Equal(["2026", "01", "05"], _analyzer.Analyze("2026-01-05"));
    }

    [Fact]
    public void JoinsContractionsAndDropsPossessives()
    {
        Assert.Equal(["dont", "custom", "refund"], _analyzer.Analyze("don't customer's refund"));
        Assert.Equal(_analyzer.Analyze("can't"), _analyzer.Analyze("can’t"));
    }

    [Fact]
    public void SplitsMixedTextWithChineseBigramsAndStemmedEnglish()
    {
        Assert.Equal(["退款", "refund", "显示", "complet", "但是"], _analyzer.Analyze("退款refund显示completed但是"));
    }

    [Fact]
    public void FoldsFullWidthLettersAndPunctuationInChineseText()
    {
        Assert.Equal(_analyzer.Analyze("VIP会员,积分"), _analyzer.Analyze("ＶＩＰ会员，积分"));
    }

    [Theory]
    [InlineData("how")]
    [InlineData("Please")]
    [InlineData("怎么")]
    public void KnowsQuestionWordsAsStopWordsAfterAnalysis(string word)
    {
        Assert.True(TextAnalyzer.IsStopWord(Assert.Single(_analyzer.Analyze(word))));
    }

    [Fact]
    public void TreatsSearchOperatorsAsOrdinaryText()
    {
        Assert.Equal(["refund", "near", "and", "or", "not", "column"], _analyzer.Analyze("\"refund\" NEAR(AND OR) NOT* column:"));
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
