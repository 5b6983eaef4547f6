using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, <c>synchronous = NORMAL</c> makes a commit durable
/// against a crash of the process (the WAL is written before the commit returns) but syncs to disk
/// only at checkpoints: a power cut can lose the last commits, never corrupt the file. That trade
/// is what makes a busy chat server possible on one disk (docs/decisions/0004).
/// <c>busy_timeout</c> lets SQLite itself wait for another writer's lock, in steps of a few
/// milliseconds; without it Microsoft.Data.Sqlite retries a busy statement after a blocking
/// 150 ms sleep, which made the slowest chat turns take a second (docs/decisions/0042).
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>As long as the connection string's default command timeout (30 s): the same patience, finer steps.</summary>
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
