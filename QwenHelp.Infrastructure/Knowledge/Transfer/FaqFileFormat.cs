namespace QwenHelp.Infrastructure.Knowledge.Transfer;

/// <summary>The file formats FAQ entries are imported from and exported to.</summary>
public enum FaqFileFormat
{
    /// <summary>Columns key, question, answer, alternates (separated by <c>|</c>), category, language, enabled.</summary>
    Csv,

    /// <summary>One JSON object a line: key, question, answer, alternates (array), category, language, enabled.</summary>
    Jsonl,
}

public static class FaqFileFormats
{
    /// <summary>The format a file name says, or null for an unsupported one.</summary>
    public static FaqFileFormat? FromFileName(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => FaqFileFormat.Csv,
        ".jsonl" or ".ndjson" => FaqFileFormat.Jsonl,
        _ => null,
    };

    public static string ContentType(FaqFileFormat format) => format == FaqFileFormat.Csv ? "text/csv" : "application/x-ndjson";

    public static string Extension(FaqFileFormat format) => format == FaqFileFormat.Csv ? "csv" : "jsonl";
}
