using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// Moves conversations whose last activity is older than the retention period out of the live
/// database into one gzip JSONL file per UTC day (docs/decisions/0065). For each day: write a temp
/// file, fsync, rename, record the manifest, read the file back from disk and compare counts and
/// SHA-256 checksums, and only then delete the conversations, in one transaction that first checks
/// they did not change since they were written. A run cut off anywhere loses nothing and writes
/// nothing twice: the next run starts by finishing (or discarding) what the last one left.
/// </summary>
public sealed partial class ConversationArchiver(
    DataPaths paths, IOptions<ArchivingOptions> options, RetentionSettingsService retention, IArchiveRunObserver observer, ArchiveLock runLock,
    AnalyticsService analytics, TimeProvider clock, ILogger<ConversationArchiver> logger)
{
    /// <summary>
    /// A conversation's last activity: the latest of its own update and close times and of its
    /// messages' and ratings' times (a late thumbs-up counts as activity).
    /// </summary>
    internal const string LastActivity = """
        MAX(c.updated_at, COALESCE(c.closed_at, 0),
            COALESCE((SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = c.id), 0),
            COALESCE((SELECT MAX(f.created_at) FROM feedback f WHERE f.conversation_id = c.id), 0))
        """;

    private const string ArchiveIds = "(SELECT conversation_id FROM archived_conversations WHERE archive_id = $a)";

    /// <summary>The key new files are encrypted with and encrypted files are read with; null: files are written plain.</summary>
    public ArchiveKey? Key { get; } = options.Value.Key;

    /// <summary>The archive folder (absolute).</summary>
    public string Folder { get; } = Path.GetFullPath(Path.Combine(paths.DataFolder, options.Value.Folder));

    /// <summary>The UTC instant before which a conversation's last activity must lie to be archived now: midnight of (today − retention days).</summary>
    public static DateTimeOffset Cutoff(DateTimeOffset now, int retentionDays) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-retentionDays);

    /// <summary>Archives every eligible conversation. Throws <see cref="ArchiveException"/> with the reason when a file cannot be written or verified; nothing of that day is deleted then.</summary>
    public async Task<ArchiveRunResult> ArchiveAsync(JobRunContext? progress, CancellationToken cancellationToken)
    {
        using var held = await runLock.TakeAsync(cancellationToken);
        CreateFolder();
        await using var connection = await OpenAsync(cancellationToken);
        var schema = await ArchiveSchema.ReadAsync(connection, cancellationToken);

        progress?.Report(0, 0, "recovering");
        var recovered = await RecoverAsync(connection, schema, cancellationToken);

        var days = await retention.GetDaysAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var cutoff = Cutoff(now, days);
        var total = await CountCandidatesAsync(connection, cutoff.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), cancellationToken);
        long done = 0, rows = 0;
        var files = new List<string>();
        int archivedTotal = 0, skipped = 0;
        var perPass = options.Value.MaxConversationsPerPass;
        if (total > 0)
        {
            // The dashboard reads stored days: store the days these conversations count in before they leave the live tables.
            progress?.Report(0, total, "analytics roll-ups");
            await analytics.StoreMissingDaysBeforeAsync(cutoff, cancellationToken);
        }

        progress?.Report(0, total, "archiving");
        while (true)
        {
            // A bounded pass at a time, so that a first run over years of conversations does not hold them all in memory.
            var batch = await CandidatesAsync(connection, cutoff.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), perPass + 1, cancellationToken);
            var full = batch.Count > perPass;
            var groups = batch.GroupBy(c => Day(c.LastActivity)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Day: g.Key, Conversations: g.ToList())).ToList();
            if (full && groups.Count > 1)
            {
                // The pass may have cut the last day short: the next pass takes that day whole.
                groups.RemoveAt(groups.Count - 1);
            }
            else if (full)
            {
                // One day larger than a pass: this part now, the rest as the day's next part.
                groups[0] = (groups[0].Day, groups[0].Conversations.Take(perPass).ToList());
            }

            var archivedThisPass = 0;
            foreach (var (day, conversations) in groups)
            {
                var (file, archived, dayRows) = await ArchiveDayAsync(connection, schema, day, conversations, cancellationToken);
                if (archived > 0)
                {
                    files.Add(file);
                }

                archivedThisPass += archived;
                skipped += conversations.Count - archived;
                rows += dayRows;
                done += conversations.Count;
                progress?.Report(done, Math.Max(done, total), "day " + day);
            }

            archivedTotal += archivedThisPass;
            if (!full || archivedThisPass == 0)
            {
                break;
            }
        }

        var result = new ArchiveRunResult(archivedTotal, rows, files, recovered, skipped, cutoff, days);
        LogRun(result.Conversations, files.Count, recovered, skipped);
        return result;
    }

    /// <summary>The conversations the next run would archive.</summary>
    public async Task<int> CountEligibleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var cutoff = Cutoff(now, await retention.GetDaysAsync(cancellationToken));
        return await CountCandidatesAsync(connection, cutoff.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), cancellationToken);
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(paths.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    internal static string Day(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void CreateFolder()
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException($"Cannot use the archive folder {Folder}: {e.Message}. Nothing was archived or deleted.", e);
        }
    }

    /// <summary>
    /// Eligible: last activity before the cutoff; the assistant's or closed (never one waiting for a
    /// person or taken over by one); not restored recently; not already in an unfinished archive.
    /// </summary>
    private const string CandidatesSql = $"""
        SELECT id, last_activity FROM (
            SELECT c.id AS id, {LastActivity} AS last_activity FROM conversations c
            WHERE c.updated_at < $cutoff AND c.state IN (0, 3)
              AND NOT EXISTS (SELECT 1 FROM restored_conversations r WHERE r.conversation_id = c.id AND r.keep_until > $now)
              AND NOT EXISTS (SELECT 1 FROM archived_conversations ac JOIN archive_files af ON af.id = ac.archive_id
                              WHERE ac.conversation_id = c.id AND af.status < 2))
        WHERE last_activity < $cutoff
        """;

    private static async Task<List<(string Id, long LastActivity)>> CandidatesAsync(SqliteConnection connection, long cutoff, long now, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = CandidatesSql + " ORDER BY last_activity, id LIMIT $limit";
        command.Parameters.AddWithValue("$cutoff", cutoff);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", limit);
        var candidates = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return candidates;
    }

    private static async Task<int> CountCandidatesAsync(SqliteConnection connection, long cutoff, long now, CancellationToken cancellationToken) =>
        (int)await ArchiveManifest.ScalarAsync(connection, null, $"SELECT COUNT(*) FROM ({CandidatesSql})", cancellationToken, ("$cutoff", cutoff), ("$now", now));

    private async Task<(string File, int Archived, long Rows)> ArchiveDayAsync(SqliteConnection connection, ArchiveSchema schema, string day, List<(string Id, long LastActivity)> conversations, CancellationToken cancellationToken)
    {
        var part = (int)await ArchiveManifest.ScalarAsync(connection, null, "SELECT COALESCE(MAX(part), 0) + 1 FROM archive_files WHERE day = $d", cancellationToken, ("$d", day));
        var fileName = ArchiveFileFormat.FileName(day, part);
        var path = Path.Combine(Folder, fileName);
        var written = await WriteFileAsync(connection, schema, path, conversations, cancellationToken);
        await observer.OnStageAsync(ArchiveStage.FileWritten, fileName, cancellationToken);

        var archiveId = await RecordAsync(connection, day, part, fileName, conversations, written, cancellationToken);
        await observer.OnStageAsync(ArchiveStage.Recorded, fileName, cancellationToken);

        var file = (await ArchiveManifest.FindAsync(connection, archiveId, cancellationToken))!;
        if (await VerifyAsync(connection, file, cancellationToken) is { } problem)
        {
            throw new ArchiveException($"{fileName} did not verify after writing ({problem}); nothing of {day} was deleted. The next run checks it again.");
        }

        await observer.OnStageAsync(ArchiveStage.Verified, fileName, cancellationToken);
        var purged = await PurgeAsync(connection, schema, file, cancellationToken);
        return (fileName, purged ? conversations.Count : 0, purged ? written.RowTotal : 0);
    }

    private async Task<WrittenFile> WriteFileAsync(SqliteConnection connection, ArchiveSchema schema, string path, List<(string Id, long LastActivity)> conversations, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counts = schema.Tables.ToDictionary(t => t.Name, _ => 0L, StringComparer.Ordinal);
        long size;
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var hashedFile = new HashingStream(file, fileHash, leaveOpen: true);
                await using (hashedFile)
                {
                    // With a key the gzip bytes go through AES-GCM (docs/decisions/0165); the file hash covers what is on disk.
                    var compressed = Key is null ? hashedFile : ArchiveEncryption.Encrypt(hashedFile, Key, leaveOpen: true);
                    await using (compressed)
                    await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                    await using (var hashedContent = new HashingStream(gzip, contentHash, leaveOpen: true))
                    {
                        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
                        foreach (var batch in conversations.Chunk(options.Value.BatchSize))
                        {
                            var loaded = await LoadAsync(connection, schema, batch.Select(c => c.Id).ToList(), cancellationToken);
                            foreach (var (id, lastActivity) in batch)
                            {
                                buffer.ResetWrittenCount();
                                var tables = schema.Tables.Select(t =>
                                {
                                    var rows = loaded[t.Name].Rows.GetValueOrDefault(id) ?? [];
                                    counts[t.Name] += rows.Count;
                                    return (t.Name, (IReadOnlyList<string>)loaded[t.Name].Columns, (IReadOnlyList<object?[]>)rows);
                                });
                                ArchiveFileFormat.WriteLine(buffer, id, lastActivity, tables);
                                await hashedContent.WriteAsync(buffer.WrittenMemory, cancellationToken);
                            }
                        }
                    }

                    size = hashedFile.BytesWritten;
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            DirectorySync.Flush(Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ArchiveException($"Could not write {Path.GetFileName(path)}: {e.Message}. Nothing was deleted from the database.", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return new WrittenFile(Convert.ToHexStringLower(fileHash.GetHashAndReset()), Convert.ToHexStringLower(contentHash.GetHashAndReset()), size, counts);
    }

    /// <summary>Every row of every archived table for a batch of conversations, grouped by conversation.</summary>
    private static async Task<Dictionary<string, (List<string> Columns, Dictionary<string, List<object?[]>> Rows)>> LoadAsync(
        SqliteConnection connection, ArchiveSchema schema, List<string> ids, CancellationToken cancellationToken)
    {
        var idsJson = JsonSerializer.Serialize(ids);
        var result = new Dictionary<string, (List<string>, Dictionary<string, List<object?[]>>)>(StringComparer.Ordinal);
        foreach (var table in schema.Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {ArchiveTable.Quote(table.Name)} WHERE {ArchiveTable.Quote(table.ConversationColumn)} IN (SELECT value FROM json_each($ids)) ORDER BY rowid";
            command.Parameters.AddWithValue("$ids", idsJson);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var key = columns.IndexOf(table.ConversationColumn);
            var rows = new Dictionary<string, List<object?[]>>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new object?[columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                var owner = (string)values[key]!;
                if (!rows.TryGetValue(owner, out var list))
                {
                    rows[owner] = list = [];
                }

                list.Add(values);
            }

            result[table.Name] = (columns, rows);
        }

        return result;
    }

    private async Task<long> RecordAsync(SqliteConnection connection, string day, int part, string fileName, List<(string Id, long LastActivity)> conversations, WrittenFile written, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction();
        // A file left by a run that crashed before recording it (same name, no manifest row) was overwritten above.
        var id = await ArchiveManifest.ScalarAsync(connection, transaction, """
            INSERT INTO archive_files (day, part, file_name, conversations, row_total, row_counts, size_bytes, sha256, content_sha256, status, created_at)
            VALUES ($day, $part, $file, $conversations, $rows, $counts, $size, $sha, $content, 0, $now) RETURNING id
            """, cancellationToken,
            ("$day", day), ("$part", part), ("$file", fileName), ("$conversations", conversations.Count), ("$rows", written.RowTotal),
            ("$counts", JsonSerializer.Serialize(written.RowCounts)), ("$size", written.SizeBytes), ("$sha", written.Sha256), ("$content", written.ContentSha256),
            ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO archived_conversations (archive_id, conversation_id, last_activity) VALUES ($a, $c, $t)";
            var a = insert.Parameters.AddWithValue("$a", id);
            var c = insert.Parameters.Add("$c", SqliteType.Text);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            foreach (var (conversation, lastActivity) in conversations)
            {
                c.Value = conversation;
                t.Value = lastActivity;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Reads the file back from disk and compares it with its manifest row.</summary>
    /// <returns>What does not match, or null when everything does (the row is then marked verified).</returns>
    internal async Task<string?> VerifyAsync(SqliteConnection connection, ArchiveFile file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, file.FileName);
        if (!File.Exists(path))
        {
            return "the file is missing";
        }

        ArchiveFileDigest digest;
        try
        {
            digest = await ArchiveFileFormat.ReadAsync(path, Key, null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArchiveException or UnauthorizedAccessException)
        {
            return "the file cannot be read: " + e.Message;
        }

        if (digest.Sha256 != file.Sha256)
        {
            return $"file SHA-256 {digest.Sha256} instead of {file.Sha256}";
        }

        if (digest.ContentSha256 != file.ContentSha256)
        {
            return "content SHA-256 differs";
        }

        if (digest.SizeBytes != file.SizeBytes)
        {
            return $"{digest.SizeBytes} bytes instead of {file.SizeBytes}";
        }

        foreach (var table in file.RowCounts.Keys.Union(digest.RowCounts.Keys))
        {
            var expected = file.RowCounts.GetValueOrDefault(table);
            var found = digest.RowCounts.GetValueOrDefault(table);
            if (expected != found)
            {
                return $"{found} {table} rows instead of {expected}";
            }
        }

        var recorded = await ArchiveManifest.ConversationIdsAsync(connection, file.Id, cancellationToken);
        if (digest.ConversationIds.Count != file.Conversations || !recorded.ToHashSet(StringComparer.Ordinal).SetEquals(digest.ConversationIds))
        {
            return $"{digest.ConversationIds.Count} conversations in the file, {recorded.Count} recorded";
        }

        if (file.Status == ArchiveFileStatus.Written)
        {
            await ArchiveManifest.ExecuteAsync(connection, null, "UPDATE archive_files SET status = 1, verified_at = $now WHERE id = $a AND status = 0", cancellationToken,
                ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$a", file.Id));
        }

        return null;
    }

    /// <summary>
    /// Deletes a verified file's conversations in one transaction, after checking that the live rows
    /// are still exactly what was written (same row counts, same last activity). If not (a late
    /// message), the file is discarded instead and the conversations stay live.
    /// </summary>
    /// <returns>True when deleted; false when discarded.</returns>
    private async Task<bool> PurgeAsync(SqliteConnection connection, ArchiveSchema schema, ArchiveFile file, CancellationToken cancellationToken)
    {
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            string? changed = null;
            foreach (var table in schema.Tables)
            {
                var live = await ArchiveManifest.ScalarAsync(connection, transaction,
                    $"SELECT COUNT(*) FROM {ArchiveTable.Quote(table.Name)} WHERE {ArchiveTable.Quote(table.ConversationColumn)} IN {ArchiveIds}", cancellationToken, ("$a", file.Id));
                if (live != file.RowCounts.GetValueOrDefault(table.Name))
                {
                    changed = $"{live} live {table.Name} rows, {file.RowCounts.GetValueOrDefault(table.Name)} archived";
                    break;
                }
            }

            if (changed is null)
            {
                var unchanged = await ArchiveManifest.ScalarAsync(connection, transaction,
                    $"SELECT COUNT(*) FROM archived_conversations ac JOIN conversations c ON c.id = ac.conversation_id WHERE ac.archive_id = $a AND {LastActivity} = ac.last_activity",
                    cancellationToken, ("$a", file.Id));
                if (unchanged != file.Conversations)
                {
                    changed = $"{file.Conversations - unchanged} conversations had activity after they were written";
                }
            }

            if (changed is null)
            {
                foreach (var table in schema.Tables.Reverse())
                {
                    var sql = table.Kind == ArchiveTableKind.Linked
                        ? $"UPDATE {ArchiveTable.Quote(table.Name)} SET {ArchiveTable.Quote(table.ConversationColumn)} = NULL WHERE {ArchiveTable.Quote(table.ConversationColumn)} IN {ArchiveIds}"
                        : $"DELETE FROM {ArchiveTable.Quote(table.Name)} WHERE {ArchiveTable.Quote(table.ConversationColumn)} IN {ArchiveIds}";
                    await ArchiveManifest.ExecuteAsync(connection, transaction, sql, cancellationToken, ("$a", file.Id));
                }

                await ArchiveManifest.ExecuteAsync(connection, transaction, $"DELETE FROM restored_conversations WHERE conversation_id IN {ArchiveIds}", cancellationToken, ("$a", file.Id));
                await ArchiveManifest.ExecuteAsync(connection, transaction, "UPDATE archive_files SET status = 2, archived_at = $now WHERE id = $a", cancellationToken,
                    ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$a", file.Id));
                await transaction.CommitAsync(cancellationToken);
                return true;
            }

            await transaction.RollbackAsync(cancellationToken);
            LogChanged(file.FileName, changed);
        }

        await DiscardAsync(connection, file, cancellationToken);
        return false;
    }

    /// <summary>Forgets a file whose conversations are all still live (never one already archived).</summary>
    private async Task DiscardAsync(SqliteConnection connection, ArchiveFile file, CancellationToken cancellationToken)
    {
        await ArchiveManifest.ExecuteAsync(connection, null, "DELETE FROM archive_files WHERE id = $a AND status < 2", cancellationToken, ("$a", file.Id));
        TryDelete(Path.Combine(Folder, file.FileName));
    }

    /// <summary>
    /// Finishes what a cut-off run left: temp files are removed; a recorded file that verifies has its
    /// conversations deleted; one that does not (missing, half-written) is discarded — its conversations
    /// were never deleted — and they are archived again by this run.
    /// </summary>
    /// <returns>Conversations whose archiving was finished.</returns>
    private async Task<int> RecoverAsync(SqliteConnection connection, ArchiveSchema schema, CancellationToken cancellationToken)
    {
        foreach (var temp in Directory.EnumerateFiles(Folder, "*" + ArchiveFileFormat.Extension + ".tmp"))
        {
            TryDelete(temp);
        }

        var finished = 0;
        foreach (var file in await ArchiveManifest.ListAsync(connection, "WHERE status < 2 ORDER BY id", cancellationToken))
        {
            if (await VerifyAsync(connection, file, cancellationToken) is { } problem)
            {
                LogDiscarded(file.FileName, problem);
                await DiscardAsync(connection, file, cancellationToken);
                continue;
            }

            LogResumed(file.FileName);
            if (await PurgeAsync(connection, schema, file, cancellationToken))
            {
                finished += file.Conversations;
            }
        }

        return finished;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next run removes temp files again, and an orphan final file is overwritten.
        }
    }

    private sealed record WrittenFile(string Sha256, string ContentSha256, long SizeBytes, Dictionary<string, long> RowCounts)
    {
        public long RowTotal => RowCounts.Values.Sum();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {Conversations} conversations into {Files} files ({Recovered} finished from an earlier run, {Skipped} changed while being archived)")]
    private partial void LogRun(int conversations, int files, int recovered, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive {File} discarded, its conversations stay live: {Reason}")]
    private partial void LogChanged(string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive {File} left by an earlier run did not verify and was discarded (its conversations were still live): {Reason}")]
    private partial void LogDiscarded(string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finishing archive {File} left verified by an earlier run")]
    private partial void LogResumed(string file);
}

/// <param name="Conversations">Conversations archived and deleted from the live tables by this run.</param>
/// <param name="Rows">Their rows, every table.</param>
/// <param name="Files">The files written.</param>
/// <param name="Recovered">Conversations an earlier, cut-off run had written and this run finished.</param>
/// <param name="Skipped">Conversations that changed while being archived and stay live.</param>
public sealed record ArchiveRunResult(int Conversations, long Rows, IReadOnlyList<string> Files, int Recovered, int Skipped, DateTimeOffset Cutoff, int RetentionDays)
{
    public string Summary => Conversations + Recovered == 0
        ? string.Create(CultureInfo.InvariantCulture, $"Nothing to archive (retention {RetentionDays} days, cutoff {Cutoff:yyyy-MM-dd})")
        : string.Create(CultureInfo.InvariantCulture, $"Archived {Conversations:N0} conversations ({Rows:N0} rows) in {Files.Count} day files")
            + (Recovered > 0 ? string.Create(CultureInfo.InvariantCulture, $"; finished {Recovered:N0} from an interrupted run") : "")
            + (Skipped > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {Skipped:N0} changed meanwhile and stay live") : "");
}
