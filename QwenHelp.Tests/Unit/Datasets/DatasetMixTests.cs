using System.Text.RegularExpressions;
using QwenHelp.Domain.Datasets;

namespace QwenHelp.Tests.Unit.Datasets;

public class DatasetMixTests
{
    private static Dictionary<ExampleKind, int> Available(int knowledge, int dialogue, int exception) => new()
    {
        [ExampleKind.Knowledge] = knowledge,
        [ExampleKind.Dialogue] = dialogue,
        [ExampleKind.Exception] = exception,
    };

    [Fact]
    public void TheDefaultMixSplitsAHundredExamplesSixtyThirtyTen()
    {
        var plan = DatasetMix.Default.Plan(100, Available(1000, 1000, 1000));

        Assert.Equal(60, plan.Counts[ExampleKind.Knowledge]);
        Assert.Equal(30, plan.Counts[ExampleKind.Dialogue]);
        Assert.Equal(10, plan.Counts[ExampleKind.Exception]);
        Assert.Null(plan.LimitedBy);
    }

    [Theory]
    [InlineData(60, 30, 10, 7, 1000, 1000, 1000)]
    [InlineData(60, 30, 10, 1000, 1000, 8, 1000)]
    [InlineData(50, 25, 25, 33, 1000, 1000, 5)]
    [InlineData(34, 33, 33, 10, 1000, 1000, 1000)]
    [InlineData(100, 0, 0, 500, 42, 0, 0)]
    public void EveryKindGetsItsShareWithinOneExampleAndNeverMoreThanThereIs(int k, int d, int e, int max, int availableK, int availableD, int availableE)
    {
        var mix = new DatasetMix(k, d, e);
        var available = Available(availableK, availableD, availableE);

        var plan = mix.Plan(max, available);

        Assert.True(plan.Total <= max);
        foreach (var kind in Enum.GetValues<ExampleKind>())
        {
            Assert.InRange(plan.Counts[kind], 0, available[kind]);
            Assert.True(Math.Abs(plan.Counts[kind] - (plan.Total * mix.PercentOf(kind) / 100.0)) < 1, $"{kind}: {plan.Counts[kind]} of {plan.Total}");
        }
    }

    [Fact]
    public void AShortKindShrinksTheWholeExportAndIsNamed()
    {
        var plan = DatasetMix.Default.Plan(1000, Available(500, 9, 100));

        Assert.Equal(ExampleKind.Dialogue, plan.LimitedBy);
        Assert.Equal(9, plan.Counts[ExampleKind.Dialogue]);
        Assert.Equal(30, plan.Total);
    }

    [Theory]
    [InlineData(60, 30, 20)]
    [InlineData(-10, 100, 10)]
    [InlineData(0, 0, 0)]
    public void AMixThatDoesNotAddUpToAHundredIsRefused(int k, int d, int e) => Assert.NotNull(new DatasetMix(k, d, e).Validate());
}

public class TrainingDataMaskerTests
{
    private static readonly Regex OrderId = new(@"(?<![A-Za-z0-9])LM\d{11}(?![0-9])", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    [Fact]
    public void PhonesEmailsOrderNumbersAndGivenNamesBecomePlaceholders()
    {
        var masker = new TrainingDataMasker(OrderId, []);
        var names = masker.NamesIn(["Hello, my name is Alice Walker."]);

        var masked = masker.Mask("Alice Walker, order LM20250301001 ships; we text 138-0013-8000 or mail alice.w@example.net", names);

        Assert.Equal("[NAME], order [ORDER_ID] ships; we text [PHONE] or mail [EMAIL]", masked);
    }

    [Fact]
    public void AChineseNameAndMobileAreMasked()
    {
        var masker = new TrainingDataMasker(OrderId, []);
        var names = masker.NamesIn(["我叫王小明，电话13912345678"]);

        Assert.Equal("[NAME]您好，已记下[PHONE]", masker.Mask("王小明您好，已记下13912345678", names));
    }

    [Fact]
    public void TheShopsOwnPublishedContactDetailsStay()
    {
        var masker = new TrainingDataMasker(OrderId, ["Call our hotline 400-820-1234 or write to help@lumenmall.example."]);

        Assert.Equal("Call 400-820-1234 or help@lumenmall.example, not [PHONE]", masker.Mask("Call 400-820-1234 or help@lumenmall.example, not 13800138000", []));
    }
}
