using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>Hangfire's storage, following the app's database (docs/decisions/0140).</summary>
public static class JobStorageFactory
{
    /// <summary>The file of the SQLite storage, beside the app's database in the data folder.</summary>
    public const string SqliteFile = "hangfire.db";

    public static JobStorage Create(JobsOptions options, DataPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        if (options.Storage == JobStorageKind.InMemory)
        {
            return new InMemoryStorage();
        }

        // Its own file: Hangfire's SQLite storage uses its own driver (sqlite-net), and its queue polling and
        // locks must not contend with the app's writers for one file's write lock.
        Directory.CreateDirectory(paths.DataFolder);
        return new SQLiteStorage(Path.Combine(paths.DataFolder, SqliteFile), new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds),
        });
    }
}
