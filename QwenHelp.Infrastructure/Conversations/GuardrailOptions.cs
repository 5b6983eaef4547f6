using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>Guardrail switches that are deployment settings, not admin-edited. Bound from <c>QwenHelp:Guardrails</c>.</summary>
public sealed class GuardrailOptions
{
    public const string Section = "QwenHelp:Guardrails";

    /// <summary>Generated answers are cut (at a sentence end where possible) past this many characters.</summary>
    [Range(100, 100_000)]
    public int MaxAnswerCharacters { get; set; } = 2000;

    /// <summary>Mask phone numbers, emails and id/card numbers in generated answers unless the customer or the knowledge gave them.</summary>
    public bool MaskPersonalData { get; set; } = true;

    /// <summary>Messages that look like prompt injection are answered from the knowledge base only, never by the model.</summary>
    public bool KeepInjectionsFromModel { get; set; } = true;
}
