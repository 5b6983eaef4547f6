using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Transcripts;

/// <summary>Which stored conversations staff want to see or export; every criterion left null matches all.</summary>
/// <param name="From">First day the conversation started on (analytics time zone), inclusive.</param>
/// <param name="To">Last day, inclusive.</param>
/// <param name="Text">Words any message of the conversation contains (case-insensitive for Latin letters).</param>
/// <param name="Mode">Some reply was made this way (<see cref="AnswerMode.Agent"/>: a person wrote in it).</param>
/// <param name="HandedOff">It went to a person (true) or never did (false).</param>
public sealed record ConversationFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    AnswerMode? Mode = null,
    bool? HandedOff = null,
    RatingFilter? Rating = null,
    string? Language = null)
{
    public const int MaxTextLength = 200;

    public static ConversationFilter All { get; } = new();
}

/// <summary>How a conversation was rated by its customer.</summary>
public enum RatingFilter
{
    /// <summary>At least one thumbs up.</summary>
    Positive,

    /// <summary>At least one thumbs down.</summary>
    Negative,

    /// <summary>Not rated at all.</summary>
    Unrated,
}
