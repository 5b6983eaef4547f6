using QwenHelp.Domain.Conversations;

namespace QwenHelp.Web.Components.Pages.Widget;

/// <summary>One message as the widget shows it; an answer being streamed grows in place.</summary>
public sealed class ChatBubble(MessageRole role, string text)
{
    public MessageRole Role { get; } = role;

    public string Text { get; set; } = text;

    /// <summary>The stored message's id, once it is stored (needed to rate it).</summary>
    public long? MessageId { get; set; }

    public AnswerMode? Mode { get; set; }

    public IReadOnlyList<Citation> Citations { get; set; } = [];

    /// <summary>The passage behind each citation, for the customer to open.</summary>
    public IReadOnlyDictionary<Citation, string> CitationTexts { get; set; } = new Dictionary<Citation, string>();

    public bool IsStreaming { get; set; }

    public bool IsError { get; set; }

    public bool WasStopped { get; set; }

    /// <summary>The customer's rating: +1, -1 or 0.</summary>
    public int Rating { get; set; }

    // Thumbs rate the assistant's answers; a person's replies are rated once, for the whole chat, when it closes.
    public bool CanBeRated => MessageId is not null && Role == MessageRole.Assistant && !IsStreaming;
}
