using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Knowledge.Transfer;

/// <summary>Reads FAQ entries from CSV or JSONL, collecting every problem by line instead of stopping at the first.</summary>
public static class FaqFileReader
{
    /// <summary>Larger files are refused before parsing.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public const int MaxRows = 20_000;

    private static readonly string[] CsvColumns = ["key", "question", "answer", "alternates", "category", "language", "enabled"];

    private static readonly string[] RequiredCsvColumns = ["question", "answer"];

    public static (IReadOnlyList<FaqImportRow> Rows, IReadOnlyList<FaqImportProblem> Problems) Read(Stream content, FaqFileFormat format)
    {
        // Strict UTF-8: broken byte sequences are reported, not silently replaced.
        using var reader = new StreamReader(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            return format == FaqFileFormat.Csv ? ReadCsv(reader) : ReadJsonl(reader);
        }
        catch (DecoderFallbackException)
        {
            return ([], [new FaqImportProblem(1, null, "The file is not valid UTF-8 text. Save it as UTF-8 and import it again.")]);
        }
    }

    private static (IReadOnlyList<FaqImportRow>, IReadOnlyList<FaqImportProblem>) ReadCsv(TextReader text)
    {
        var rows = new List<FaqImportRow>();
        var problems = new List<FaqImportProblem>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, configuration);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                return (rows, [new FaqImportProblem(1, null, "The file is empty; the first line must be the header: " + string.Join(',', CsvColumns) + ".")]);
            }

            var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var missing = RequiredCsvColumns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                return (rows, [new FaqImportProblem(1, null, $"The header lacks the column(s) {string.Join(", ", missing)}. Expected: {string.Join(',', CsvColumns)}.")]);
            }

            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                if (rows.Count + problems.Count >= MaxRows)
                {
                    problems.Add(new FaqImportProblem(line, null, $"More than {MaxRows} entries; split the file."));
                    break;
                }

                string? Field(string name) => header.Contains(name) ? Unescape(csv.GetField(name)) : null;
                var enabled = ParseEnabled(Field("enabled"), line, problems);
                var entry = new FaqEntryInput(
                    Field("question") ?? "",
                    Field("answer") ?? "",
                    (Field("alternates") ?? "").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                    string.IsNullOrWhiteSpace(Field("category")) ? "general" : Field("category")!,
                    string.IsNullOrWhiteSpace(Field("language")) ? "" : Field("language")!.Trim().ToLowerInvariant(),
                    enabled,
                    Field("key"));
                rows.Add(new FaqImportRow(line, entry));
            }
        }
        catch (CsvHelperException ex)
        {
            problems.Add(new FaqImportProblem(ex.Context?.Parser?.RawRow ?? 0, null, "The CSV cannot be read here (check quotes and separators)."));
        }

        return (rows, problems);
    }

    private static (IReadOnlyList<FaqImportRow>, IReadOnlyList<FaqImportProblem>) ReadJsonl(TextReader text)
    {
        var rows = new List<FaqImportRow>();
        var problems = new List<FaqImportProblem>();
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (rows.Count + problems.Count >= MaxRows)
            {
                problems.Add(new FaqImportProblem(lineNumber, null, $"More than {MaxRows} entries; split the file."));
                break;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new FaqImportProblem(lineNumber, null, "Each line must be one JSON object."));
                    continue;
                }

                var alternates = new List<string>();
                if (root.TryGetProperty("alternates", out var alt) && alt.ValueKind == JsonValueKind.Array)
                {
                    alternates.AddRange(alt.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }

                var enabled = !root.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False;
                rows.Add(new FaqImportRow(lineNumber, new FaqEntryInput(
                    Text(root, "question"),
                    Text(root, "answer"),
                    alternates,
                    string.IsNullOrWhiteSpace(Text(root, "category")) ? "general" : Text(root, "category"),
                    Text(root, "language").Trim().ToLowerInvariant(),
                    enabled,
                    Text(root, "key"))));
            }
            catch (JsonException ex)
            {
                problems.Add(new FaqImportProblem(lineNumber, null, "Not valid JSON: " + ex.Message.Split(". ")[0] + "."));
            }
        }

        return (rows, problems);
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static bool ParseEnabled(string? value, int line, List<FaqImportProblem> problems)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "true" or "1" or "yes" or "y":
                return true;
            case "false" or "0" or "no" or "n":
                return false;
            default:
                problems.Add(new FaqImportProblem(line, "enabled", $"'{value}' is not true or false."));
                return true;
        }
    }

    /// <summary>Undoes the export's formula escaping: <c>'=SUM(A1)</c> was written for <c>=SUM(A1)</c>.</summary>
    private static string? Unescape(string? field) =>
        field is { Length: > 1 } && field[0] == '\'' && field[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? field[1..] : field;
}
