using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Creates and upgrades the database schema from the numbered SQL scripts embedded in this
/// assembly (Persistence/Migrations/NNNN_name.sql). Each script runs in its own transaction and
/// is recorded in <c>schema_migrations</c>, so a crash mid-upgrade leaves the last good version.
/// </summary>
/// <remarks>
/// Hand-written SQL rather than EF Core migrations: the EF design-time package does not restore
/// here, and the FTS5 virtual tables are plain SQL anyway (docs/decisions/0002).
/// </remarks>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    public static IReadOnlyList<SchemaMigration> All { get; } = LoadEmbeddedMigrations();

    /// <summary>Applies every migration newer than the database's version, up to <paramref name="targetVersion"/>.</summary>
    /// <returns>The versions applied.</returns>
    public async Task<IReadOnlyList<int>> MigrateAsync(string connectionString, int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets readers go on while one writer writes; the setting is stored in the file.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            );
            """, cancellationToken);

        // Every migration not yet recorded, in order: work merged out of numeric order still runs.
        var done = await GetAppliedVersionsAsync(connection, cancellationToken);
        var applied = new List<int>();
        foreach (var migration in All.Where(m => !done.Contains(m.Version) && m.Version <= (targetVersion ?? int.MaxValue)))
        {
            await using var transaction = connection.BeginTransaction();
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(migration.Version, migration.Name);
            applied.Add(migration.Version);
        }

        return applied;
    }

    public static async Task<HashSet<int>> GetAppliedVersionsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SchemaMigration> LoadEmbeddedMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    [GeneratedRegex(@"^Migrations/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}

/// <summary>One numbered schema step.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql);
