using System.Text.RegularExpressions;
using QwenHelp.Domain.Datasets;
using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Tests.Unit.Security;

public class PersonalDataMaskingTests
{
    private static readonly Regex OrderId = new(@"LM\d{11}");

    [Theory]
    [InlineData("call me on １３８１２３４５６７８ please", "[PHONE]", "12345678")]
    [InlineData("my Amex is 378282246310005", "[CARD_NUMBER]", "378282246310005")]
    [InlineData("Amex 3782 822463 10005 thanks", "[CARD_NUMBER]", "822463")]
    [InlineData("old ID 110105491231002 here", "[ID_NUMBER]", "110105491231002")]
    public void TheDatasetExportMasksFullWidthPhonesFifteenDigitCardsAndOldIdNumbers(string text, string placeholder, string leaked)
    {
        var masked = new TrainingDataMasker(OrderId, []).Mask(text, []);

        Assert.Contains(placeholder, masked, StringComparison.Ordinal);
        Assert.DoesNotContain(leaked, PersonalDataMasker.FoldWidth(masked), StringComparison.Ordinal);
    }

    [Fact]
    public void TheOutputGuardrailMasksAFullWidthPhoneNumberKeepingItsLength()
    {
        const string text = "拨打１３８１２３４５６７８联系";

        var masked = new PersonalDataMasker([]).Mask(text, out var kinds);

        Assert.Equal("phone", Assert.Single(kinds));
        Assert.Equal(text.Length, masked.Length);
        Assert.Contains("*******５６７８", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void AFifteenDigitNumberThatIsNeitherACardNorAnIdStays()
    {
        // Fails the Luhn check, and 99 is no month: a parcel number, say.
        var masked = new TrainingDataMasker(OrderId, []).Mask("parcel 731204568891234", []);

        Assert.Equal("parcel 731204568891234", masked);
    }
}
