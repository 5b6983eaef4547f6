namespace QwenHelp.Domain.Guardrails;

/// <summary>Something a guardrail did in a turn, as recorded with the turn's metrics.</summary>
/// <param name="Kind">One of <see cref="GuardrailKinds"/>.</param>
/// <param name="Detail">What triggered it (a lexicon term, an injection kind, a masked value's type), never the customer's data itself.</param>
public sealed record GuardrailAction(string Kind, string? Detail = null)
{
    /// <summary>How the transcript page shows it: <c>output_masked (phone)</c>, not the record's member dump.</summary>
    public override string ToString() => Detail is null ? Kind : $"{Kind} ({Detail})";
}

public static class GuardrailKinds
{
    public const string InputBlocked = "input_blocked";
    public const string InputMasked = "input_masked";
    public const string Injection = "injection";
    public const string OutputMasked = "output_masked";
    public const string OutputBlocked = "output_blocked";
    public const string OutputPersonalData = "output_personal_data";
    public const string OutputTruncated = "output_truncated";
    public const string OutputRepetition = "output_repetition";
    public const string OutputPromptLeak = "output_prompt_leak";
}
