using QwenHelp.Domain.Text;

namespace QwenHelp.Domain.Chat;

/// <summary>What a customer's message must be before QwenHelp spends any work on it.</summary>
public static class ChatMessageRules
{
    /// <summary>Checks a raw message and returns it trimmed, or the reason it was refused.</summary>
    public static ChatMessageCheck Check(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ChatMessageCheck.Refused(ChatErrorKind.EmptyMessage);
        }

        var trimmed = text.Trim();
        if (trimmed.Length > maxLength)
        {
            return ChatMessageCheck.Refused(ChatErrorKind.MessageTooLong);
        }

        // A lone surrogate means the text was cut mid-character; a noncharacter (U+FFFE) is not text.
        // Either would corrupt the stored row or break every later job that normalises it.
        if (UnicodeText.IsMalformed(trimmed))
        {
            return ChatMessageCheck.Refused(ChatErrorKind.MalformedText);
        }

        return new ChatMessageCheck(trimmed, null);
    }
}

/// <summary>The outcome of <see cref="ChatMessageRules.Check"/>: the cleaned text, or an error.</summary>
public sealed record ChatMessageCheck(string? Text, ChatErrorKind? Error)
{
    public bool IsValid => Error is null;

    public static ChatMessageCheck Refused(ChatErrorKind error) => new(null, error);
}
