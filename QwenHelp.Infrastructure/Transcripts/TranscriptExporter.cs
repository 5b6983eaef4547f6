using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;

namespace QwenHelp.Infrastructure.Transcripts;

public enum TranscriptFormat
{
    /// <summary>One row per message, with its conversation's columns repeated: for spreadsheets.</summary>
    Csv,

    /// <summary>One JSON object per conversation, its messages inside: for programs.</summary>
    Jsonl,
}

/// <summary>Writes the filtered conversations with their messages, streaming a batch of conversations at a time.</summary>
public sealed class TranscriptExporter(ConversationBrowser browser)
{
    private const int BatchSize = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string ContentType(TranscriptFormat format) => format == TranscriptFormat.Csv ? "text/csv" : "application/x-ndjson";

    public static string Extension(TranscriptFormat format) => format == TranscriptFormat.Csv ? "csv" : "jsonl";

    /// <returns>How many conversations were written.</returns>
    public async Task<int> WriteAsync(Stream output, ConversationFilter filter, TranscriptFormat format, CancellationToken cancellationToken = default)
    {
        // A BOM in CSV makes spreadsheet programs read the Chinese text as UTF-8.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == TranscriptFormat.Csv), leaveOpen: true);
        // Customers write these texts: a cell starting with =, +, - or @ must not run as a formula in a spreadsheet.
        await using var csv = format == TranscriptFormat.Csv
            ? new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true)
            : null;
        if (csv is not null)
        {
            foreach (var column in CsvColumns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
        }

        var written = 0;
        await foreach (var ids in browser.MatchingIdsAsync(filter, BatchSize, cancellationToken))
        {
            foreach (var transcript in await browser.GetTranscriptsAsync(ids, cancellationToken))
            {
                if (csv is not null)
                {
                    await WriteCsvAsync(csv, transcript);
                }
                else
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(ToJson(transcript), Json));
                }

                written++;
            }

            await writer.FlushAsync(cancellationToken);
        }

        if (csv is not null)
        {
            await csv.FlushAsync();
        }

        await writer.FlushAsync(cancellationToken);
        return written;
    }

    private static readonly string[] CsvColumns =
    [
        "conversation_id", "conversation_started", "language", "channel", "state", "handed_off", "handoff_reason",
        "message_id", "created_at", "role", "answer_mode", "text", "citations", "latency_ms", "rating",
    ];

    private static async Task WriteCsvAsync(CsvWriter csv, Transcript transcript)
    {
        var c = transcript.Conversation;
        foreach (var item in transcript.Messages)
        {
            var m = item.Message;
            csv.WriteField(c.Id.ToString());
            csv.WriteField(Time(c.CreatedAt));
            csv.WriteField(c.Language);
            csv.WriteField(c.Channel);
            csv.WriteField(c.State.ToString());
            csv.WriteField(c.HandoffAt is null ? "false" : "true");
            csv.WriteField(c.HandoffReason ?? "");
            csv.WriteField(m.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Time(m.CreatedAt));
            csv.WriteField(m.Role.ToString());
            csv.WriteField(m.AnswerMode?.ToString() ?? item.Metrics?.AnswerMode.ToString() ?? "");
            csv.WriteField(m.Text);
            csv.WriteField(string.Join(" | ", m.Citations.Select(x => $"{x.Kind}:{x.SourceId} {x.Title}")));
            csv.WriteField(m.LatencyMs?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(item.Feedback.Count == 0 ? "" : item.Feedback.Sum(f => f.Rating).ToString(CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
        }
    }

    private static object ToJson(Transcript transcript)
    {
        var c = transcript.Conversation;
        return new
        {
            id = c.Id,
            startedAt = c.CreatedAt,
            updatedAt = c.UpdatedAt,
            closedAt = c.ClosedAt,
            language = c.Language,
            channel = c.Channel,
            state = c.State,
            handedOff = c.HandoffAt is not null,
            handoffReason = c.HandoffReason,
            ratings = transcript.ConversationFeedback.Select(f => new { rating = f.Rating, comment = f.Comment, at = f.CreatedAt }),
            messages = transcript.Messages.Select(item => new
            {
                id = item.Message.Id,
                role = item.Message.Role,
                text = item.Message.Text,
                createdAt = item.Message.CreatedAt,
                mode = item.Message.AnswerMode ?? item.Metrics?.AnswerMode,
                citations = item.Message.Citations.Count == 0 ? null : item.Message.Citations.Select(x => new { kind = x.Kind, id = x.SourceId, title = x.Title }),
                latencyMs = item.Message.LatencyMs,
                metrics = item.Metrics is not { } t ? null : new
                {
                    ttftMs = t.TtftMs,
                    tokensIn = t.TokensIn,
                    tokensOut = t.TokensOut,
                    retrievalHits = t.RetrievalHits,
                    topConfidence = t.TopConfidence,
                    cacheHit = t.CacheHit,
                    fallbackReason = t.FallbackReason,
                    handoffReason = t.HandoffReason,
                },
                toolCalls = item.ToolCalls.Count == 0 ? null : item.ToolCalls.Select(x => new { name = x.Name, arguments = x.Arguments, succeeded = x.Succeeded, error = x.Error, durationMs = x.DurationMs }),
                ratings = item.Feedback.Count == 0 ? null : item.Feedback.Select(f => new { rating = f.Rating, comment = f.Comment }),
            }),
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
