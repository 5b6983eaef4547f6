using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Datasets;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Tools;

namespace QwenHelp.Infrastructure.Datasets;

/// <summary>
/// Writes a fine-tuning dataset as JSON Lines in instruction/input/output form (docs/decisions/0066):
/// knowledge examples from the FAQ (each question and each other phrasing with its answer), dialogue
/// examples from replies customers rated thumbs-up, exception examples from replies that handed the
/// customer to a person, refused a blocked message, or said nothing was found — in the requested mix,
/// with personal data masked.
/// </summary>
public sealed partial class DatasetExporter(DataPaths paths, IOptions<DatasetOptions> options, IOptions<ToolOptions> tools, TimeProvider clock, ILogger<DatasetExporter> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The folder the scheduled export writes to (absolute).</summary>
    public string Folder { get; } = Path.GetFullPath(Path.Combine(paths.DataFolder, options.Value.Folder));

    /// <summary>The request the scheduled job makes: the configured mix and size, every language.</summary>
    public DatasetRequest DefaultRequest => new(new DatasetMix(options.Value.KnowledgePercent, options.Value.DialoguePercent, options.Value.ExceptionPercent), options.Value.MaxExamples, null);

    /// <summary>Writes the dataset to <paramref name="output"/>.</summary>
    public async Task<DatasetExportResult> WriteAsync(Stream output, DatasetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        await using var connection = new SqliteConnection(paths.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var faq = await LoadFaqAsync(connection, request.Language, cancellationToken);
        var masker = new TrainingDataMasker(tools.Value.CreateOrderIdRegex(), faq.SelectMany(f => new[] { f.Question, f.Answer }));
        var knowledge = KnowledgeExamples(faq, masker);
        var dialogue = await ConversationExamplesAsync(connection, ExampleKind.Dialogue, request, masker, cancellationToken);
        var exceptions = await ConversationExamplesAsync(connection, ExampleKind.Exception, request, masker, cancellationToken);
        var examples = new Dictionary<ExampleKind, List<TrainingExample>>
        {
            [ExampleKind.Knowledge] = knowledge,
            [ExampleKind.Dialogue] = dialogue,
            [ExampleKind.Exception] = exceptions,
        };
        var available = examples.ToDictionary(p => p.Key, p => p.Value.Count);
        var plan = request.Mix.Plan(request.MaxExamples, available);

        // Interleaved by kind so that any stretch of the file (or a file cut short) has the mix.
        var chosen = examples
            .SelectMany(p => p.Value.Take(plan.Counts[p.Key]).Select((example, i) => (Example: example, Position: (i + 0.5) / plan.Counts[p.Key])))
            .OrderBy(x => x.Position).ThenBy(x => x.Example.Kind)
            .Select(x => x.Example);
        await using (var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            foreach (var example in chosen)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    instruction = example.Instruction,
                    input = example.Input,
                    output = example.Output,
                    kind = example.Kind.ToString().ToLowerInvariant(),
                    language = example.Language,
                }, Json).AsMemory(), cancellationToken);
            }
        }

        var result = new DatasetExportResult(plan.Counts, available, plan.LimitedBy, null);
        LogExported(result.Total, plan.Counts[ExampleKind.Knowledge], plan.Counts[ExampleKind.Dialogue], plan.Counts[ExampleKind.Exception]);
        return result;
    }

    /// <summary>Writes the dataset into the exports folder (temp file, then renamed), as the scheduled job does.</summary>
    public async Task<DatasetExportResult> ExportToFileAsync(DatasetRequest request, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"dataset-{clock.GetUtcNow():yyyyMMdd-HHmmss}.jsonl");
        var temp = path + ".tmp";
        try
        {
            DatasetExportResult result;
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = await WriteAsync(file, request, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return result with { FilePath = path };
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static async Task<List<FaqRow>> LoadFaqAsync(SqliteConnection connection, string? language, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, question, answer, alternate_questions, language FROM faq_entries WHERE enabled = 1 AND ($lang IS NULL OR language = $lang) ORDER BY id";
        command.Parameters.AddWithValue("$lang", (object?)language ?? DBNull.Value);
        var rows = new List<FaqRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            List<string> alternates;
            try
            {
                alternates = JsonSerializer.Deserialize<List<string>>(reader.GetString(3)) ?? [];
            }
            catch (JsonException)
            {
                alternates = [];
            }

            rows.Add(new FaqRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), alternates, reader.GetString(4)));
        }

        return rows;
    }

    /// <summary>Every entry's question first, then the other phrasings: a small export still covers every entry.</summary>
    private static List<TrainingExample> KnowledgeExamples(List<FaqRow> faq, TrainingDataMasker masker)
    {
        var examples = faq.Select(f => Example(ExampleKind.Knowledge, f.Question, "", f.Answer, f.Language, masker, [])).ToList();
        var seen = examples.Select(e => e.Instruction).ToHashSet(StringComparer.Ordinal);
        for (var round = 0; faq.Any(f => f.Alternates.Count > round); round++)
        {
            foreach (var entry in faq.Where(f => f.Alternates.Count > round))
            {
                var example = Example(ExampleKind.Knowledge, entry.Alternates[round], "", entry.Answer, entry.Language, masker, []);
                if (seen.Add(example.Instruction))
                {
                    examples.Add(example);
                }
            }
        }

        return examples;
    }

    /// <summary>
    /// Dialogue: assistant or agent replies rated thumbs-up (and never thumbs-down), made by answering.
    /// Exception: replies that handed off, refused or found nothing, not rated thumbs-down. Newest first;
    /// each with the customer message it answered as the instruction and the messages before as input.
    /// </summary>
    private async Task<List<TrainingExample>> ConversationExamplesAsync(SqliteConnection connection, ExampleKind kind, DatasetRequest request, TrainingDataMasker masker, CancellationToken cancellationToken)
    {
        var exceptionModes = string.Join(", ", new[] { AnswerMode.Handoff, AnswerMode.Refused, AnswerMode.Unanswered }.Select(m => ((int)m).ToString(CultureInfo.InvariantCulture)));
        var condition = kind == ExampleKind.Dialogue
            ? $"m.role IN (1, 2) AND COALESCE(t.answer_mode, m.answer_mode, -1) NOT IN ({exceptionModes}) AND EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating > 0)"
            : $"COALESCE(t.answer_mode, m.answer_mode, -1) IN ({exceptionModes})";
        var candidates = new List<(long Id, string ConversationId, string Text, string Language)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT m.id, m.conversation_id, m.text, c.language FROM messages m
                JOIN conversations c ON c.id = m.conversation_id
                LEFT JOIN turn_metrics t ON t.message_id = m.id
                WHERE {condition}
                  AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating < 0)
                  AND ($lang IS NULL OR c.language = $lang)
                ORDER BY m.id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$lang", (object?)request.Language ?? DBNull.Value);
            // Never more than the whole export could use; exceptions repeat a lot, so look further for distinct ones.
            command.Parameters.AddWithValue("$limit", kind == ExampleKind.Exception ? Math.Min(request.MaxExamples * 10L, Math.Max(request.MaxExamples, 200_000)) : request.MaxExamples);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var examples = new List<TrainingExample>();
        var seen = new HashSet<(string, string)>();
        foreach (var (id, conversationId, text, language) in candidates)
        {
            var before = await EarlierMessagesAsync(connection, conversationId, id, options.Value.ContextMessages + 1, cancellationToken);
            var question = before.FindLastIndex(m => m.Role == MessageRole.Customer);
            if (question < 0)
            {
                continue;
            }

            var context = before.Take(question).ToList();
            var names = masker.NamesIn(before.Where(m => m.Role == MessageRole.Customer).Select(m => m.Text));
            var input = string.Join("\n", context.Select(m => $"{Speaker(m.Role)}: {m.Text}"));
            var example = Example(kind, before[question].Text, input, text, language, masker, names);
            // The same refusal to the same question is one lesson, not many.
            if (kind == ExampleKind.Dialogue || seen.Add((example.Instruction, example.Output)))
            {
                examples.Add(example);
            }
        }

        return examples;
    }

    private static async Task<List<(MessageRole Role, string Text)>> EarlierMessagesAsync(SqliteConnection connection, string conversationId, long messageId, int take, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT role, text FROM messages WHERE conversation_id = $c AND id < $id AND role IN (0, 1, 2) ORDER BY id DESC LIMIT $take";
        command.Parameters.AddWithValue("$c", conversationId);
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$take", take);
        var messages = new List<(MessageRole, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(((MessageRole)reader.GetInt32(0), reader.GetString(1)));
        }

        messages.Reverse();
        return messages;
    }

    private static string Speaker(MessageRole role) => role switch
    {
        MessageRole.Customer => "Customer",
        MessageRole.Agent => "Agent",
        _ => "Assistant",
    };

    private static TrainingExample Example(ExampleKind kind, string instruction, string input, string output, string language, TrainingDataMasker masker, IReadOnlyList<string> names) =>
        new(kind, masker.Mask(instruction, names), masker.Mask(input, names), masker.Mask(output, names), Languages.IsSupported(language) ? language : Languages.English);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported a fine-tuning dataset of {Total} examples ({Knowledge} knowledge, {Dialogue} dialogue, {Exception} exception)")]
    private partial void LogExported(int total, int knowledge, int dialogue, int exception);

    private sealed record FaqRow(int Id, string Question, string Answer, List<string> Alternates, string Language);
}

/// <summary>What to export.</summary>
/// <param name="Language"><c>zh</c>, <c>en</c>, or null for both.</param>
public sealed record DatasetRequest(DatasetMix Mix, int MaxExamples, string? Language)
{
    public const int MaxExamplesLimit = 1_000_000;

    public string? Validate()
    {
        if (Mix.Validate() is { } problem)
        {
            return problem;
        }

        if (MaxExamples is < 1 or > MaxExamplesLimit)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The number of examples must be between 1 and {MaxExamplesLimit:N0}.");
        }

        return Language is null || Languages.IsSupported(Language) ? null : "The language must be zh, en or empty (both).";
    }
}

/// <summary>One example before it is written.</summary>
public sealed record TrainingExample(ExampleKind Kind, string Instruction, string Input, string Output, string Language);

/// <param name="Counts">Examples written, by kind.</param>
/// <param name="Available">Examples there were to choose from, by kind.</param>
/// <param name="LimitedBy">The kind whose shortage made the export smaller than asked.</param>
/// <param name="FilePath">Where the file went (the scheduled export).</param>
public sealed record DatasetExportResult(IReadOnlyDictionary<ExampleKind, int> Counts, IReadOnlyDictionary<ExampleKind, int> Available, ExampleKind? LimitedBy, string? FilePath)
{
    public int Total => Counts.Values.Sum();

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Total:N0} examples: {Counts[ExampleKind.Knowledge]:N0} knowledge, {Counts[ExampleKind.Dialogue]:N0} dialogue, {Counts[ExampleKind.Exception]:N0} exception")
        + (LimitedBy is { } kind ? string.Create(CultureInfo.InvariantCulture, $" (limited by {kind.ToString().ToLowerInvariant()} examples: {Available[kind]:N0} available)") : "")
        + (FilePath is null ? "" : " → " + Path.GetFileName(FilePath));
}
