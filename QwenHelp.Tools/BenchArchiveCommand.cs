using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QwenHelp.Infrastructure.Archiving;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search.Evaluation;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench archive [--conversations 100000] [--days 100]</c>: archiving throughput. Generates the
/// conversations with raw SQL in an isolated, fresh data folder (nothing of the app's is touched):
/// each closed, with 2 turns (4 messages), 2 turn-metrics rows, a rating on every 5th and a tool call
/// on every 10th, spread over <c>--days</c> days that all lie past the 30-day retention. Then runs
/// the archiving job once (write, fsync, verify by re-reading, delete) and restores one day file.
/// </summary>
public sealed class BenchArchiveCommand : ICliCommand
{
    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "conversations", "days" };
    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "help" };

    public string Verb => "bench archive";

    public string Summary => "Measure log archiving (conversations/s) on generated conversations: [--conversations 100000] [--days 100]";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args, Options, Flags, out var error);
        var count = 100_000;
        var days = 100;
        if (error is null && arguments.Get("conversations") is { } c && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 10_000_000))
        {
            error = $"--conversations takes a number from 1 to 10,000,000, not '{c}'.";
        }

        if (error is null && arguments.Get("days") is { } d && (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > 3000))
        {
            error = $"--days takes a number from 1 to 3,000, not '{d}'.";
        }

        if (error is not null || arguments.Has("help"))
        {
            await errors.WriteLineAsync(error);
            await errors.WriteLineAsync("Usage: bench archive [--conversations 100000] [--days 100]");
            return error is null ? 0 : 2;
        }

        await using var engine = await IsolatedRetrieval.CreateAsync(arguments.Settings, b => b.AddConversationArchiving(), cancellationToken);
        var paths = engine.Get<DataPaths>();
        await errors.WriteLineAsync($"bench archive: generating {count:N0} conversations over {days} days in {paths.DataFolder} (isolated; nothing of the app's is touched)");
        var generate = Stopwatch.StartNew();
        await GenerateAsync(paths.ConnectionString, count, days, cancellationToken);
        generate.Stop();
        var databaseBytes = new FileInfo(paths.DatabaseFile).Length;

        var archiver = engine.Get<ConversationArchiver>();
        var clock = Stopwatch.StartNew();
        var result = await archiver.ArchiveAsync(null, cancellationToken);
        clock.Stop();
        var files = await engine.Get<ArchiveCatalog>().ListAsync(cancellationToken);
        var archiveBytes = files.Sum(f => f.SizeBytes);

        var second = Stopwatch.StartNew();
        var again = await archiver.ArchiveAsync(null, cancellationToken);
        second.Stop();

        var day = files.OrderBy(f => f.Day, StringComparer.Ordinal).First();
        var restoreClock = Stopwatch.StartNew();
        var restored = await engine.Get<ArchiveRestorer>().RestoreAsync(day.Id, "bench", null, cancellationToken);
        restoreClock.Stop();

        var perSecond = result.Conversations / clock.Elapsed.TotalSeconds;
        var restorePerSecond = restored.Restored / restoreClock.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench archive: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"generated {count:N0} conversations ({result.Rows:N0} rows, database {databaseBytes / 1048576.0:N0} MB) in {generate.Elapsed.TotalSeconds:0.0} s"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"archived {result.Conversations:N0} conversations ({result.Rows:N0} rows) into {result.Files.Count} day files ({archiveBytes / 1048576.0:N1} MB gzip) in {clock.Elapsed.TotalSeconds:0.0} s: {perSecond:N0} conversations/s, {result.Rows / clock.Elapsed.TotalSeconds:N0} rows/s (written, fsynced, verified by re-reading, deleted)"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"second run: {again.Conversations} conversations archived in {second.Elapsed.TotalSeconds:0.00} s"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"restored {day.FileName}: {restored.Restored:N0} conversations in {restoreClock.Elapsed.TotalSeconds:0.00} s ({restorePerSecond:N0} conversations/s)"));
        await output.WriteLineAsync(JsonSerializer.Serialize(new
        {
            command = "bench archive",
            cores = Environment.ProcessorCount,
            conversations = result.Conversations,
            rows = result.Rows,
            files = result.Files.Count,
            archiveMb = Math.Round(archiveBytes / 1048576.0, 1),
            databaseMb = Math.Round(databaseBytes / 1048576.0, 1),
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            conversationsPerSecond = Math.Round(perSecond, 1),
            secondRunSeconds = Math.Round(second.Elapsed.TotalSeconds, 3),
            restoreConversations = restored.Restored,
            restoreConversationsPerSecond = Math.Round(restorePerSecond, 1),
        }));
        return result.Conversations == count && again.Conversations == 0 ? 0 : 1;
    }

    /// <summary>The conversations, straight into the tables with a few set-based statements.</summary>
    private static async Task GenerateAsync(string connectionString, int count, int days, CancellationToken cancellationToken)
    {
        var end = DateTimeOffset.UtcNow.Date.AddDays(-40);
        var start = new DateTimeOffset(end.AddDays(-days), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var step = (long)days * 86_400_000 / count;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        string[] statements =
        [
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $count - 1)
            INSERT INTO conversations (id, visitor_id, channel, language, state, created_at, updated_at, closed_at, summary_through, pinned_facts, unanswered_streak)
            SELECT printf('%08X-0000-4000-8000-%012X', i, i), 'bench-' || (i % 5000), 'widget', CASE WHEN i % 2 = 0 THEN 'en' ELSE 'zh' END, 3,
                   $start + i * $step, $start + i * $step + 180000, $start + i * $step + 180000, 0, '[{"kind":"order_id","value":"LM20250301001","messageId":0}]', 0
            FROM n
            """,
            """
            INSERT INTO messages (conversation_id, role, text, answer_mode, citations, latency_ms, tokens_in, tokens_out, created_at)
            SELECT c.id, t.role, t.text || ' (' || c.rowid || ')', t.mode, t.citations, t.latency, t.tokens_in, t.tokens_out, c.created_at + t.k * 60000
            FROM conversations c,
                 (SELECT 0 AS k, 0 AS role, 'Where is my order LM20250301001? It has not arrived yet.' AS text, NULL AS mode, '[]' AS citations, NULL AS latency, NULL AS tokens_in, NULL AS tokens_out
                  UNION ALL SELECT 1, 1, 'Your order LM20250301001 left the warehouse yesterday and should arrive within two days.', 8, '[]', 120, 850, 42
                  UNION ALL SELECT 2, 0, 'How do I return an item if it is broken?', NULL, '[]', NULL, NULL, NULL
                  UNION ALL SELECT 3, 1, 'You can return it within 7 days: open the order, choose Return, and print the label. Refunds arrive in 3-5 working days.', 0, '[{"kind":"faq","sourceId":12,"title":"How do I return an item?"}]', 40, NULL, NULL) t
            ORDER BY c.rowid, t.k
            """,
            """
            INSERT INTO turn_metrics (message_id, conversation_id, answer_mode, language, latency_ms, ttft_ms, retrieval_hits, top_confidence, cache_lookup, cache_hit, tool_calls, guardrail_actions, created_at)
            SELECT m.id, m.conversation_id, m.answer_mode, 'en', m.latency_ms, 35, 3, 0.91, 1, 0, CASE WHEN m.answer_mode = 8 THEN 1 ELSE 0 END, '[]', m.created_at
            FROM messages m WHERE m.role = 1
            """,
            """
            INSERT INTO feedback (conversation_id, message_id, rating, comment, created_at)
            SELECT m.conversation_id, m.id, 1, 'helpful', m.created_at + 30000 FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.role = 1 AND m.answer_mode = 0 AND c.rowid % 5 = 0
            """,
            """
            INSERT INTO tool_calls (conversation_id, message_id, name, arguments, result, succeeded, duration_ms, caller, created_at)
            SELECT m.conversation_id, m.id, 'query_order_status', '{"orderId":"LM20250301001"}', '{"status":"shipped"}', 1, 12, 'rule', m.created_at
            FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.answer_mode = 8 AND c.rowid % 10 = 0
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$count", count);
            command.Parameters.AddWithValue("$start", start);
            command.Parameters.AddWithValue("$step", step);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
