using System.Globalization;
using System.Text.Json;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// Reads the two JSONL files of <c>eval retrieval</c>: FAQ lines <c>{"id","question","answer"}</c>
/// (optionally <c>"alternates": [...]</c> and <c>"language"</c>) and query lines
/// <c>{"query","gold":["id",...]}</c>. Every problem is reported with its file and line number, all
/// of them at once, so an operator can fix their own data in one pass.
/// </summary>
public static class EvaluationFiles
{
    /// <summary>Most problems listed before the reader stops adding more.</summary>
    public const int MaxReportedErrors = 50;

    public static EvaluationRead<EvaluationFaq> ReadFaq(string path)
    {
        var entries = new List<EvaluationFaq>();
        var errors = new List<string>();
        var warnings = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, line) in Lines(path, errors))
        {
            if (!TryParseObject(path, number, line, errors, out var root))
            {
                continue;
            }

            var id = RequiredString(root, "id", path, number, errors, allowNumber: true);
            var question = RequiredString(root, "question", path, number, errors);
            var answer = RequiredString(root, "answer", path, number, errors);
            var alternates = OptionalStrings(root, "alternates", path, number, errors);
            var language = OptionalString(root, "language", path, number, errors);
            if (language is not null && !Languages.IsSupported(language))
            {
                Add(errors, path, number, $"\"language\" must be one of {string.Join(", ", Languages.All)}, not \"{language}\"");
                language = null;
            }

            if (id is null || question is null || answer is null)
            {
                continue;
            }

            if (ids.TryGetValue(id, out var first))
            {
                Add(errors, path, number, $"the id \"{id}\" is already used on line {first}");
                continue;
            }

            ids[id] = number;
            // Longer than the app accepts: measured on the part the app would keep, with a warning.
            if (question.Length > FaqEntryRules.MaxQuestionLength)
            {
                Add(warnings, path, number, $"the question is longer than {FaqEntryRules.MaxQuestionLength} characters; its beginning is indexed");
                question = question[..FaqEntryRules.MaxQuestionLength];
            }

            if (answer.Length > FaqEntryRules.MaxAnswerLength)
            {
                Add(warnings, path, number, string.Create(CultureInfo.InvariantCulture, $"the answer is longer than {FaqEntryRules.MaxAnswerLength:N0} characters; its beginning is indexed"));
                answer = answer[..FaqEntryRules.MaxAnswerLength];
            }

            if (alternates is { Count: > FaqEntryRules.MaxAlternates })
            {
                Add(warnings, path, number, $"more than {FaqEntryRules.MaxAlternates} alternates; the first {FaqEntryRules.MaxAlternates} are indexed");
                alternates = alternates[..FaqEntryRules.MaxAlternates];
            }

            alternates = alternates?.Select(a => a.Length > FaqEntryRules.MaxQuestionLength ? a[..FaqEntryRules.MaxQuestionLength] : a).ToList();
            var input = new FaqEntryInput(question, answer, alternates, "general", language ?? LanguageDetector.Detect(question));
            foreach (var (field, messages) in FaqEntryRules.Validate(input))
            {
                Add(errors, path, number, $"{field}: {string.Join(" ", messages)}");
            }

            entries.Add(new EvaluationFaq(id, input, number));
        }

        if (entries.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{path}: no FAQ entries (one JSON object per line: {{\"id\",\"question\",\"answer\"}}).");
        }

        return new EvaluationRead<EvaluationFaq>(entries, errors, warnings);
    }

    /// <param name="knownIds">The FAQ ids: a gold id not among them is an error on its line.</param>
    public static EvaluationRead<EvaluationQuery> ReadQueries(string path, IReadOnlySet<string> knownIds)
    {
        var queries = new List<EvaluationQuery>();
        var errors = new List<string>();
        foreach (var (number, line) in Lines(path, errors))
        {
            if (!TryParseObject(path, number, line, errors, out var root))
            {
                continue;
            }

            var query = RequiredString(root, "query", path, number, errors);
            var gold = OptionalStrings(root, "gold", path, number, errors, allowNumbers: true);
            if (gold is null)
            {
                if (root.TryGetProperty("gold", out _) is false)
                {
                    Add(errors, path, number, "\"gold\" is missing (a list of the FAQ ids that answer the query)");
                }

                continue;
            }

            if (gold.Count == 0)
            {
                Add(errors, path, number, "\"gold\" is empty: name at least one FAQ id that answers the query");
                continue;
            }

            var unknown = gold.Where(g => !knownIds.Contains(g)).ToList();
            if (unknown.Count > 0)
            {
                Add(errors, path, number, $"gold id{(unknown.Count > 1 ? "s" : "")} not in the FAQ file: {string.Join(", ", unknown.Select(u => $"\"{u}\""))}");
                continue;
            }

            if (query is not null)
            {
                queries.Add(new EvaluationQuery(query, gold, number));
            }
        }

        if (queries.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{path}: no queries (one JSON object per line: {{\"query\",\"gold\":[\"id\",...]}}).");
        }

        return new EvaluationRead<EvaluationQuery>(queries, errors);
    }

    private static IEnumerable<(int Number, string Line)> Lines(string path, List<string> errors)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add($"{path}: cannot be read: {e.Message}");
            yield break;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = i == 0 ? lines[i].TrimStart('\uFEFF') : lines[i];
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (i + 1, line);
            }
        }
    }

    private static bool TryParseObject(string path, int number, string line, List<string> errors, out JsonElement root)
    {
        root = default;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Add(errors, path, number, $"expected a JSON object, found {Describe(document.RootElement.ValueKind)}");
                return false;
            }

            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException e)
        {
            Add(errors, path, number, $"not valid JSON ({e.Message.Split(" LineNumber", StringSplitOptions.None)[0].TrimEnd('.')})");
            return false;
        }
    }

    private static string? RequiredString(JsonElement root, string name, string path, int number, List<string> errors, bool allowNumber = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Add(errors, path, number, $"\"{name}\" is missing");
            return null;
        }

        if (allowNumber && value.ValueKind == JsonValueKind.Number)
        {
            return value.GetRawText();
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, path, number, $"\"{name}\" must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(errors, path, number, $"\"{name}\" is empty");
            return null;
        }

        return text.Trim();
    }

    private static string? OptionalString(JsonElement root, string name, string path, int number, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, path, number, $"\"{name}\" must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static List<string>? OptionalStrings(JsonElement root, string name, string path, int number, List<string> errors, bool allowNumbers = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(errors, path, number, $"\"{name}\" must be a list of strings, not {Describe(value.ValueKind)}");
            return null;
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!.Trim());
            }
            else if (allowNumbers && item.ValueKind == JsonValueKind.Number)
            {
                items.Add(item.GetRawText());
            }
            else
            {
                Add(errors, path, number, $"\"{name}\" must be a list of strings; it contains {Describe(item.ValueKind)}");
                return null;
            }
        }

        return items;
    }

    private static void Add(List<string> errors, string path, int number, string message)
    {
        if (errors.Count < MaxReportedErrors)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: {message}"));
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>What a file held, every problem found in it (empty when it is fine), and what was adjusted to fit the app's limits.</summary>
public sealed record EvaluationRead<T>(IReadOnlyList<T> Items, IReadOnlyList<string> Errors, IReadOnlyList<string>? Warnings = null)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed record EvaluationFaq(string Id, FaqEntryInput Input, int Line);

public sealed record EvaluationQuery(string Query, IReadOnlyList<string> Gold, int Line);
