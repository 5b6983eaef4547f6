using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Tests.Unit;

public class FaqEntryRulesTests
{
    private static FaqEntryInput Valid() => new("How do I pay?", "With Alipay or a card.", ["payment methods"], "payments", "en");

    [Fact]
    public void AcceptsACompleteEntry()
    {
        Assert.Empty(FaqEntryRules.Validate(Valid()));
    }

    [Fact]
    public void RequiresAQuestionAndAnAnswer()
    {
        var errors = FaqEntryRules.Validate(Valid() with { Question = " ", Answer = "" });

        Assert.Contains("question", errors.Keys);
        Assert.Contains("answer", errors.Keys);
    }

    [Fact]
    public void RefusesAnUnsupportedLanguage()
    {
        Assert.Contains("language", FaqEntryRules.Validate(Valid() with { Language = "fr" }).Keys);
    }

    [Fact]
    public void RefusesAHugeAnswer()
    {
        Assert.Contains("answer", FaqEntryRules.Validate(Valid() with { Answer = new string('x', 9000) }).Keys);
    }

    [Fact]
    public void NormalizingDropsBlankAlternatesAndTrims()
    {
        var normalized = (Valid() with { Question = "  Q?  ", AlternateQuestions = ["", " a ", "a", "  "], Category = " Payments " }).Normalized();

        Assert.Equal("Q?", normalized.Question);
        Assert.Equal(["a"], normalized.AlternateQuestions);
        Assert.Equal("payments", normalized.Category);
    }
}
