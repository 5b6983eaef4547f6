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

        if (ContainsBrokenUtf16(trimmed))
        {
            return ChatMessageCheck.Refused(ChatErrorKind.MalformedText);
        }

        return new ChatMessageCheck(trimmed, null);
    }

    /// <summary>A lone surrogate means the text was cut mid-character; storing it would corrupt the row.</summary>
    private static bool ContainsBrokenUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The outcome of <see cref="ChatMessageRules.Check"/>: the cleaned text, or an error.</summary>
public sealed record ChatMessageCheck(string? Text, ChatErrorKind? Error)
{
    public bool IsValid => Error is null;

    public static ChatMessageCheck Refused(ChatErrorKind error) => new(null, error);
}
