namespace QwenHelp.Infrastructure.Inference.Runtime;

/// <summary>A native library an execution provider needs does not load; the message names it and what ships it.</summary>
public sealed class MissingNativeLibraryException : Exception
{
    public MissingNativeLibraryException()
    {
    }

    public MissingNativeLibraryException(string message)
        : base(message)
    {
    }

    public MissingNativeLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
