using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Brings the database to the schema of this version with the configured provider's EF Core
/// migrations, at start-up. It refuses, before writing anything, a database that has migrations
/// this version does not know (a newer QwenHelp made it) and a database it cannot reach.
/// </summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<QwenHelpDbContext> dbFactory, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    /// <returns>The migrations applied now.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var provider = options.Value.Kind;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            if (provider == DatabaseProvider.Sqlite && await LegacySchemaBaseline.RecordAsync(db, cancellationToken))
            {
                LogLegacyTakenOver();
            }

            var known = db.Database.GetMigrations().ToList();
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var unknown = applied.Except(known).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new DatabaseStartupException(
                    $"The database has migration {unknown[^1]}, which this version of QwenHelp does not know (its newest is {known.LastOrDefault()}): a newer QwenHelp made it. Run that version, or restore a backup.");
            }

            if (provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers go on while one writer writes; the setting is stored in the file, and cannot be set inside a migration's transaction.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            var pending = known.Except(applied).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var migration in pending)
            {
                LogApplied(migration);
            }

            return pending;
        }
        catch (DbException exception)
        {
            var where = provider == DatabaseProvider.Sqlite ? "QwenHelp:Storage:DataFolder" : DatabaseOptions.ConnectionStringKey;
            throw new DatabaseStartupException($"The {provider} database named by {where} cannot be used: {exception.Message}", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Migration}")]
    private partial void LogApplied(string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over a database made before EF Core migrations (schema version 0065)")]
    private partial void LogLegacyTakenOver();
}
