using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>Where an archive file is in its life: written and recorded, read back and checked, its conversations deleted from the live tables.</summary>
public enum ArchiveFileStatus
{
    Written = 0,
    Verified = 1,
    Archived = 2,
}

/// <summary>One archive file's manifest row (table <c>archive_files</c>).</summary>
public sealed record ArchiveFile(
    long Id, string Day, int Part, string FileName, int Conversations, long RowTotal, IReadOnlyDictionary<string, long> RowCounts, long SizeBytes,
    string Sha256, string ContentSha256, ArchiveFileStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? VerifiedAt, DateTimeOffset? ArchivedAt,
    DateTimeOffset? RestoredAt, string? RestoredBy, int RestoredCount);

/// <summary>Reads and writes the manifest tables over one open connection.</summary>
internal static class ArchiveManifest
{
    private const string Columns = "id, day, part, file_name, conversations, row_total, row_counts, size_bytes, sha256, content_sha256, status, created_at, verified_at, archived_at, restored_at, restored_by, restored_count";

    public static async Task<List<ArchiveFile>> ListAsync(SqliteConnection connection, string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM archive_files {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var files = new List<ArchiveFile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new ArchiveFile(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt64(5),
                JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(6)) ?? [], reader.GetInt64(7), reader.GetString(8), reader.GetString(9),
                (ArchiveFileStatus)reader.GetInt32(10), Time(reader.GetInt64(11)), OptionalTime(reader, 12), OptionalTime(reader, 13), OptionalTime(reader, 14),
                reader.IsDBNull(15) ? null : reader.GetString(15), reader.GetInt32(16)));
        }

        return files;
    }

    public static async Task<ArchiveFile?> FindAsync(SqliteConnection connection, long id, CancellationToken cancellationToken) =>
        (await ListAsync(connection, "WHERE id = $id", cancellationToken, ("$id", id))).FirstOrDefault();

    public static Task<List<string>> ConversationIdsAsync(SqliteConnection connection, long archiveId, CancellationToken cancellationToken) =>
        StringsAsync(connection, "SELECT conversation_id FROM archived_conversations WHERE archive_id = $a", cancellationToken, ("$a", archiveId));

    /// <summary>The first column of every row a query returns, as text.</summary>
    public static async Task<List<string>> StringsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));
}
