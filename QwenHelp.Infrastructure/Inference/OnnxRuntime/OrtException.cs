namespace QwenHelp.Infrastructure.Inference.OnnxRuntime;

/// <summary>An OrtStatus returned by ONNX Runtime, carrying its error code and its own message.</summary>
public sealed class OrtException : Exception
{
    public OrtException()
    {
    }

    public OrtException(string message)
        : base(message)
    {
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OrtException(OrtErrorCode code, string message)
        : base($"ONNX Runtime error {code}: {message}")
    {
        ErrorCode = (int)code;
        OrtMessage = message;
    }

    /// <summary>ONNX Runtime's OrtErrorCode (1 = ORT_FAIL, 2 = ORT_INVALID_ARGUMENT, ...).</summary>
    public int ErrorCode { get; }

    /// <summary>The message exactly as ONNX Runtime wrote it.</summary>
    public string OrtMessage { get; } = "";
}

/// <summary>The native library is missing, not ONNX Runtime, or the wrong version.</summary>
public sealed class OrtLibraryException : Exception
{
    public OrtLibraryException()
    {
    }

    public OrtLibraryException(string message)
        : base(message)
    {
    }

    public OrtLibraryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
