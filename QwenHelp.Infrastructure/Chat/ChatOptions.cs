using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Chat;

/// <summary>Limits and thresholds of a chat turn. Bound from <c>QwenHelp:Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string Section = "QwenHelp:Chat";

    /// <summary>The longest customer message accepted, in characters (after trimming).</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Share of the question's topic terms an FAQ entry must cover to be answered directly.</summary>
    [Range(0.0, 1.0)]
    public double ConfidentCoverage { get; set; } = 0.6;

    /// <summary>Share of the question's topic terms an FAQ entry must cover to be offered as "this may help".</summary>
    [Range(0.0, 1.0)]
    public double RelatedCoverage { get; set; } = 0.3;
}
