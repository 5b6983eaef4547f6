using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Tests.Unit.Security;

public class GuardrailEntryTextTests
{
    [Theory]
    [InlineData("output_masked", "phone", "output_masked (phone)")]
    [InlineData("injection", null, "injection")]
    public void AGuardrailEntryReadsAsItsKindAndDetailNotAsRecordText(string kind, string? detail, string shown)
    {
        Assert.Equal(shown, new GuardrailAction(kind, detail).ToString());
    }
}
