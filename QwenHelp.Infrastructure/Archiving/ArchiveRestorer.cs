using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// Brings an archive file's conversations back into the live tables exactly as they were (same ids,
/// same rows, every column). A conversation already live is left alone, so restoring twice adds
/// nothing; one archived again later (a newer copy exists in a later file) is skipped. Restored
/// conversations are kept live for one retention period counted from the restore (table
/// <c>restored_conversations</c>), then archived again if still past retention (docs/decisions/0065).
/// </summary>
public sealed partial class ArchiveRestorer(
    ConversationArchiver archiver, RetentionSettingsService retention, ArchiveLock runLock, AuditTrail audit, TimeProvider clock, ILogger<ArchiveRestorer> logger)
{
    private const int ConversationsPerTransaction = 200;

    public async Task<RestoreResult> RestoreAsync(long archiveId, string actor, JobRunContext? progress, CancellationToken cancellationToken)
    {
        using var held = await runLock.TakeAsync(cancellationToken);
        await using var connection = await archiver.OpenAsync(cancellationToken);
        var file = await ArchiveManifest.FindAsync(connection, archiveId, cancellationToken)
            ?? throw new ArchiveException($"There is no archive {archiveId}.");
        var path = Path.Combine(archiver.Folder, file.FileName);
        if (!File.Exists(path))
        {
            throw new ArchiveException($"{file.FileName} is missing from {archiver.Folder}; nothing was restored.");
        }

        var digest = await ArchiveFileFormat.ReadAsync(path, archiver.Key, null, cancellationToken);
        if (digest.Sha256 != file.Sha256)
        {
            throw new ArchiveException($"{file.FileName} was changed or damaged since it was written (SHA-256 {digest.Sha256}, recorded {file.Sha256}); nothing was restored.");
        }

        var schema = await ArchiveSchema.ReadAsync(connection, cancellationToken);
        var superseded = await SupersededAsync(connection, archiveId, cancellationToken);
        var now = clock.GetUtcNow();
        var keepUntil = now.AddDays(await retention.GetDaysAsync(cancellationToken)).ToUnixTimeMilliseconds();
        var total = digest.ConversationIds.Count;
        int done = 0, restored = 0, alreadyLive = 0, skipped = 0;
        var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            progress?.Report(0, total, "restoring");
            await ArchiveFileFormat.ReadAsync(path, archiver.Key, async line =>
            {
                if (superseded.Contains(line.Id))
                {
                    skipped++;
                }
                else if (await ArchiveManifest.ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM conversations WHERE id = $id", cancellationToken, ("$id", line.Id)) > 0)
                {
                    alreadyLive++;
                }
                else
                {
                    await InsertAsync(connection, transaction, schema, line, cancellationToken);
                    await ArchiveManifest.ExecuteAsync(connection, transaction, """
                        INSERT INTO restored_conversations (conversation_id, archive_id, restored_at, keep_until) VALUES ($c, $a, $now, $keep)
                        ON CONFLICT (conversation_id) DO UPDATE SET archive_id = excluded.archive_id, restored_at = excluded.restored_at, keep_until = excluded.keep_until
                        """, cancellationToken, ("$c", line.Id), ("$a", archiveId), ("$now", now.ToUnixTimeMilliseconds()), ("$keep", keepUntil));
                    restored++;
                }

                done++;
                if (done % ConversationsPerTransaction == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    transaction = connection.BeginTransaction(deferred: false);
                    progress?.Report(done, total, "restoring");
                }
            }, cancellationToken);

            await ArchiveManifest.ExecuteAsync(connection, transaction,
                "UPDATE archive_files SET restored_at = $now, restored_by = $by, restored_count = restored_count + $n WHERE id = $a", cancellationToken,
                ("$now", now.ToUnixTimeMilliseconds()), ("$by", actor), ("$n", restored), ("$a", archiveId));
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await transaction.DisposeAsync();
        }

        progress?.Report(total, total, "restored");
        var result = new RestoreResult(file.FileName, restored, alreadyLive, skipped);
        await audit.RecordAsync(actor, "archive.restore", "archive:" + file.FileName, result.Summary, cancellationToken);
        LogRestored(file.FileName, restored, alreadyLive, skipped);
        return result;
    }

    /// <summary>Conversations of this archive that a later archive holds too (restored, changed and archived again): the later copy is the one to restore.</summary>
    private static async Task<HashSet<string>> SupersededAsync(SqliteConnection connection, long archiveId, CancellationToken cancellationToken) =>
        (await ArchiveManifest.StringsAsync(connection, """
            SELECT DISTINCT mine.conversation_id FROM archived_conversations mine
            JOIN archived_conversations later ON later.conversation_id = mine.conversation_id AND later.archive_id > mine.archive_id
            WHERE mine.archive_id = $a
            """, cancellationToken, ("$a", archiveId))).ToHashSet(StringComparer.Ordinal);

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, ArchiveSchema schema, ArchiveLine line, CancellationToken cancellationToken)
    {
        foreach (var table in schema.Tables)
        {
            if (!line.Tables.TryGetProperty(table.Name, out var rows))
            {
                continue;
            }

            foreach (var row in rows.EnumerateArray())
            {
                // Columns the table no longer has are left out; columns added since take their defaults.
                var values = row.EnumerateObject().Where(p => table.Columns.Contains(p.Name)).Select(p => (p.Name, Value: ArchiveFileFormat.ReadValue(p.Value))).ToList();
                if (table.Kind == ArchiveTableKind.Linked && await RelinkAsync(connection, transaction, table, line.Id, values, cancellationToken))
                {
                    continue;
                }

                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO {ArchiveTable.Quote(table.Name)} ({string.Join(", ", values.Select(v => ArchiveTable.Quote(v.Name)))}) VALUES ({string.Join(", ", values.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
                for (var i = 0; i < values.Count; i++)
                {
                    insert.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i].Value ?? DBNull.Value);
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>A linked row (a ticket) that is still live gets its conversation back; true when it was there.</summary>
    private static async Task<bool> RelinkAsync(SqliteConnection connection, SqliteTransaction transaction, ArchiveTable table, string conversationId,
        List<(string Name, object? Value)> values, CancellationToken cancellationToken)
    {
        var key = table.KeyColumns.Select(k => (Name: k, Value: values.FirstOrDefault(v => v.Name == k).Value)).ToList();
        if (key.Any(k => k.Value is null))
        {
            return false;
        }

        var where = string.Join(" AND ", key.Select((k, i) => $"{ArchiveTable.Quote(k.Name)} = $k{i.ToString(CultureInfo.InvariantCulture)}"));
        var parameters = key.Select((k, i) => ("$k" + i.ToString(CultureInfo.InvariantCulture), k.Value)).ToList();
        if (await ArchiveManifest.ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM {ArchiveTable.Quote(table.Name)} WHERE {where}", cancellationToken, [.. parameters]) == 0)
        {
            return false;
        }

        parameters.Add(("$c", conversationId));
        await ArchiveManifest.ExecuteAsync(connection, transaction,
            $"UPDATE {ArchiveTable.Quote(table.Name)} SET {ArchiveTable.Quote(table.ConversationColumn)} = $c WHERE {where} AND {ArchiveTable.Quote(table.ConversationColumn)} IS NULL",
            cancellationToken, [.. parameters]);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Restored} conversations from {File} ({AlreadyLive} already live, {Skipped} superseded by a later archive)")]
    private partial void LogRestored(string file, int restored, int alreadyLive, int skipped);
}

public sealed record RestoreResult(string FileName, int Restored, int AlreadyLive, int Superseded)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"Restored {Restored:N0} conversations from {FileName}")
        + (AlreadyLive > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {AlreadyLive:N0} were already live") : "")
        + (Superseded > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {Superseded:N0} have a newer archive") : "");
}

/// <summary>The archive files for the admin portal, newest day first.</summary>
public sealed class ArchiveCatalog(ConversationArchiver archiver)
{
    public async Task<IReadOnlyList<ArchiveFile>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await archiver.OpenAsync(cancellationToken);
        return await ArchiveManifest.ListAsync(connection, "ORDER BY day DESC, part DESC", cancellationToken);
    }

    public async Task<ArchiveFile?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await archiver.OpenAsync(cancellationToken);
        return await ArchiveManifest.FindAsync(connection, id, cancellationToken);
    }

    /// <summary>The file to download, or null when the manifest has no such archive or the file is gone.</summary>
    public async Task<(ArchiveFile File, string Path)?> OpenAsync(long id, CancellationToken cancellationToken = default)
    {
        var file = await FindAsync(id, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var path = Path.Combine(archiver.Folder, file.FileName);
        return File.Exists(path) ? (file, path) : null;
    }

    /// <summary>
    /// The archive as a plain <c>.jsonl.gz</c> stream for download: an encrypted file is decrypted on the way
    /// (so the admin gets a file any gzip tool opens), a plain one is streamed as is. Null when there is no
    /// such file; <see cref="ArchiveException"/> when it is encrypted and the configured key cannot open it.
    /// </summary>
    public async Task<(ArchiveFile File, Stream Content)?> OpenReadAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await OpenAsync(id, cancellationToken) is not { } found)
        {
            return null;
        }

        var stream = new FileStream(found.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        try
        {
            return await ArchiveEncryption.IsEncryptedAsync(stream, cancellationToken)
                ? (found.File, await ArchiveEncryption.DecryptAsync(stream, archiver.Key, found.File.FileName, leaveOpen: false, cancellationToken))
                : (found.File, stream);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }
}
