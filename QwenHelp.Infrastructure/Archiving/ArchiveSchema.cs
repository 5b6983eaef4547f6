using Microsoft.Data.Sqlite;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// What hangs off a conversation, read from the schema itself (every table with a foreign key to
/// <c>conversations</c>), so that a table a later migration adds is archived too without a code change.
/// A table whose key cascades on delete is <i>owned</i>: its rows are archived and deleted with the
/// conversation. One whose key is set to null (tickets) is <i>linked</i>: its rows are copied into
/// the archive but stay live, unlinked, and a restore links them again.
/// </summary>
public sealed class ArchiveSchema
{
    public const string Root = "conversations";

    private ArchiveSchema(IReadOnlyList<ArchiveTable> tables) => Tables = tables;

    /// <summary><c>conversations</c> first, then owned tables in an order where a table comes after the tables it references, then linked ones.</summary>
    public IReadOnlyList<ArchiveTable> Tables { get; }

    public ArchiveTable? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public static async Task<ArchiveSchema> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var references = new List<(string Table, string Column, string OnDelete)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.name, f."from", f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table' AND f."table" = 'conversations' ORDER BY m.name
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                references.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var owned = new List<(string Table, string Column)>();
        var linked = new List<(string Table, string Column)>();
        foreach (var (table, column, onDelete) in references)
        {
            switch (onDelete.ToUpperInvariant())
            {
                case "CASCADE":
                    owned.Add((table, column));
                    break;
                case "SET NULL":
                    linked.Add((table, column));
                    break;
                default:
                    throw new ArchiveException($"Table {table} references conversations with ON DELETE {onDelete}; the archiver only knows CASCADE (archived with the conversation) and SET NULL (kept live, unlinked). Nothing was archived.");
            }
        }

        // Referenced tables first (messages before turn_metrics), so that a restore inserts parents first.
        var ordered = new List<(string Table, string Column)>();
        var pending = owned.ToList();
        while (pending.Count > 0)
        {
            var progress = false;
            foreach (var candidate in pending.ToList())
            {
                var parents = await ReferencedTablesAsync(connection, candidate.Table, cancellationToken);
                if (parents.All(p => p == Root || p == candidate.Table || ordered.Any(o => o.Table == p) || pending.All(x => x.Table != p)))
                {
                    ordered.Add(candidate);
                    pending.Remove(candidate);
                    progress = true;
                }
            }

            if (!progress)
            {
                ordered.AddRange(pending);
                break;
            }
        }

        var tables = new List<ArchiveTable> { new(Root, "id", ArchiveTableKind.Root, await ColumnsAsync(connection, Root, cancellationToken), ["id"]) };
        foreach (var (table, column) in ordered)
        {
            tables.Add(new ArchiveTable(table, column, ArchiveTableKind.Owned, await ColumnsAsync(connection, table, cancellationToken), await KeyColumnsAsync(connection, table, cancellationToken)));
        }

        foreach (var (table, column) in linked)
        {
            tables.Add(new ArchiveTable(table, column, ArchiveTableKind.Linked, await ColumnsAsync(connection, table, cancellationToken), await KeyColumnsAsync(connection, table, cancellationToken)));
        }

        return new ArchiveSchema(tables);
    }

    private static Task<List<string>> ReferencedTablesAsync(SqliteConnection connection, string table, CancellationToken cancellationToken) =>
        ArchiveManifest.StringsAsync(connection, "SELECT \"table\" FROM pragma_foreign_key_list($t)", cancellationToken, ("$t", table));

    private static Task<List<string>> ColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken) =>
        ArchiveManifest.StringsAsync(connection, "SELECT name FROM pragma_table_info($t) ORDER BY cid", cancellationToken, ("$t", table));

    private static async Task<List<string>> KeyColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var columns = await ArchiveManifest.StringsAsync(connection, "SELECT name FROM pragma_table_info($t) WHERE pk > 0 ORDER BY pk", cancellationToken, ("$t", table));
        return columns.Count > 0 ? columns : ["rowid"];
    }
}

public enum ArchiveTableKind
{
    /// <summary>The conversation row itself.</summary>
    Root,

    /// <summary>Archived and deleted with the conversation (ON DELETE CASCADE).</summary>
    Owned,

    /// <summary>Copied into the archive but kept live, unlinked (ON DELETE SET NULL); a restore links it again.</summary>
    Linked,
}

/// <param name="Name">The table.</param>
/// <param name="ConversationColumn">Its column holding the conversation id.</param>
/// <param name="Columns">Every column, in table order.</param>
/// <param name="KeyColumns">The primary key's columns (rowid when none is declared).</param>
public sealed record ArchiveTable(string Name, string ConversationColumn, ArchiveTableKind Kind, IReadOnlyList<string> Columns, IReadOnlyList<string> KeyColumns)
{
    /// <summary>A quoted identifier; names come from the schema, never from input.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Archiving or restoring could not go on; the message says why and what was (not) changed.</summary>
public sealed class ArchiveException : Exception
{
    public ArchiveException(string message)
        : base(message)
    {
    }

    public ArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArchiveException()
    {
    }
}
