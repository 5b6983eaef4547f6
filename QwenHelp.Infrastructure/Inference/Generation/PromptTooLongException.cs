namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>The prompt does not fit the model's context.</summary>
public sealed class PromptTooLongException : Exception
{
    public PromptTooLongException()
    {
    }

    public PromptTooLongException(string message)
        : base(message)
    {
    }

    public PromptTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PromptTooLongException(int promptTokens, int maxLength)
        : base($"The prompt has {promptTokens} tokens; the model's context holds {maxLength} in all.")
    {
    }
}
