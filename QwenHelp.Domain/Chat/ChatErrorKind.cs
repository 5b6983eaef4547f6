namespace QwenHelp.Domain.Chat;

/// <summary>Why a chat turn was refused before anything was stored.</summary>
public enum ChatErrorKind
{
    EmptyMessage,
    MessageTooLong,
    MalformedText,
    ConversationNotFound,
}
