using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// SQLite databases made before EF Core migrations carry their schema version in
/// <c>schema_migrations</c> (the hand-written scripts 0001-0065). A database with all of them has
/// exactly the schema of the first SQLite migration, so that migration is recorded as applied and
/// only the later ones run: the rows stay where they are (docs/decisions/0100).
/// </summary>
internal static class LegacySchemaBaseline
{
    /// <summary>The hand-written scripts the last release before EF Core migrations applied.</summary>
    public static IReadOnlyList<int> Versions { get; } = [1, 2, 3, 10, 20, 40, 41, 50, 60, 65];

    /// <returns>True when a legacy database was found and recorded at the first migration.</returns>
    public static async Task<bool> RecordAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken) || !await TableExistsAsync(db, "schema_migrations", cancellationToken))
        {
            return false;
        }

        var found = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync(cancellationToken);
        var newer = found.Except(Versions).ToList();
        if (newer.Count > 0)
        {
            throw new DatabaseStartupException(
                $"The database has schema version {newer.Max():0000}, which this version of QwenHelp does not know: a newer QwenHelp made it. Run that version, or restore a backup.");
        }

        var missing = Versions.Except(found).ToList();
        if (missing.Count > 0)
        {
            throw new DatabaseStartupException(
                $"The database is at schema version {found.DefaultIfEmpty(0).Max():0000}, older than {Versions[^1]:0000}, the last one this version of QwenHelp can take over; start the QwenHelp release of 2026-12-03 on it once first.");
        }

        var first = db.Database.GetMigrations().First();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> TableExistsAsync(QwenHelpDbContext db, string table, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            command.Parameters.AddWithValue("$name", table);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
