namespace QwenHelp.Domain.Chat;

/// <summary>Why a chat turn was refused before anything was stored.</summary>
public enum ChatErrorKind
{
    EmptyMessage,
    MessageTooLong,
    MalformedText,
    ConversationNotFound,

    /// <summary>Too many messages from one client in the last minute (the widget's share of the per-IP chat limit).</summary>
    RateLimited,
}
