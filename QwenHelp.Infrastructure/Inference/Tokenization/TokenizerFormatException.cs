namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>A tokenizer.json this tokenizer cannot read; the message names the field.</summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException()
    {
    }

    public TokenizerFormatException(string message)
        : base(message)
    {
    }

    public TokenizerFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
