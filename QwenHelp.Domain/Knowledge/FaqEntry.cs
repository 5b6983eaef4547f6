using QwenHelp.Domain.Common;

namespace QwenHelp.Domain.Knowledge;

/// <summary>A question the shop answers the same way every time, in one language.</summary>
public sealed class FaqEntry : IAuditable
{
    public int Id { get; set; }

    /// <summary>A stable, human-readable key (e.g. <c>accounts-reset-password-zh</c>) that survives re-imports.</summary>
    public string? Key { get; set; }

    public required string Question { get; set; }

    public required string Answer { get; set; }

    /// <summary>Other ways customers ask the same question; searched like the question itself.</summary>
    public List<string> AlternateQuestions { get; set; } = [];

    public string Category { get; set; } = "general";

    /// <summary>BCP-47 primary language: <c>zh</c> or <c>en</c>.</summary>
    public string Language { get; set; } = Languages.English;

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
