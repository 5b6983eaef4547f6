using System.Data.Common;
using System.Globalization;
using CsvHelper;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The upgrade from the Quartz-era scheduler (tables <c>job_schedules</c>, <c>job_runs</c>, <c>job_state</c>,
/// which only ever held rows on SQLite): once per Hangfire storage, carries each admin-set schedule over
/// (Quartz cron translated; a schedule with no Hangfire equivalent falls back to the job's default,
/// logged), carries the jobs' checkpoints over, and writes the old run history to
/// <c>jobs-history-before-hangfire.csv</c> in the data folder (docs/decisions/0141). The tables stay until
/// an EF migration removes them from the model; nothing reads or writes them any more.
/// </summary>
public sealed partial class LegacyJobTables(IDbContextFactory<QwenHelpDbContext> dbFactory, JobCheckpoints checkpoints, JobStorage storage, DataPaths paths,
    ILogger<LegacyJobTables> logger)
{
    public const string HistoryFile = "jobs-history-before-hangfire.csv";

    /// <summary>Hangfire hash written once the old tables were carried over.</summary>
    private const string CarriedMarker = "qwenhelp:quartz-era-carried-over";

    /// <summary>Carries the old tables over, once per Hangfire storage; returns the schedules found.</summary>
    public async Task<IReadOnlyDictionary<string, JobSchedule>> CarryOverAsync(CancellationToken cancellationToken)
    {
        var schedules = new Dictionary<string, JobSchedule>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (var hangfire = storage.GetConnection())
        {
            if (!db.Database.IsSqlite() || hangfire.GetAllEntriesFromHash(CarriedMarker) is { Count: > 0 })
            {
                return schedules;
            }
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (!await TableExistsAsync(connection, "job_schedules", cancellationToken))
        {
            return schedules;
        }

        await ReadAsync(connection, "SELECT job_key, cron, paused, updated_by, updated_at FROM job_schedules", r =>
        {
            var key = r.GetString(0);
            var quartz = r.GetString(1);
            if (QuartzCron.ToHangfire(quartz) is { } cron)
            {
                schedules[key] = new JobSchedule(key, cron, r.GetInt64(2) != 0, r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));
            }
            else
            {
                LogScheduleNotCarried(key, quartz);
            }
        }, cancellationToken);

        var state = new List<(string Key, string Name, string Value)>();
        await ReadAsync(connection, "SELECT job_key, name, value FROM job_state", r => state.Add((r.GetString(0), r.GetString(1), r.GetString(2))), cancellationToken);
        foreach (var (key, name, value) in state)
        {
            await checkpoints.SetAsync(key, name, value, cancellationToken);
        }

        var runs = await WriteHistoryAsync(connection, cancellationToken);
        using (var hangfire = storage.GetConnection())
        {
            hangfire.SetRangeInHash(CarriedMarker, [new KeyValuePair<string, string>("at", DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture))]);
        }

        LogCarriedOver(schedules.Count, state.Count, runs, HistoryFile);
        return schedules;
    }

    private async Task<int> WriteHistoryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var counting = connection.CreateCommand())
        {
            counting.CommandText = "SELECT COUNT(*) FROM job_runs";
            if (Convert.ToInt64(await counting.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return 0; // a fresh installation: no file
            }
        }

        Directory.CreateDirectory(paths.DataFolder);
        var path = Path.Combine(paths.DataFolder, HistoryFile);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var count = 0;
        await using (var writer = new StreamWriter(temporary))
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "id", "job_key", "trigger", "requested_by", "started_at", "finished_at", "outcome", "summary", "error" })
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, job_key, trigger_kind, requested_by, started_at, finished_at, outcome, summary, error FROM job_runs ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                csv.WriteField(reader.GetInt64(0));
                csv.WriteField(reader.GetString(1));
                csv.WriteField(reader.GetString(2));
                csv.WriteField(reader.IsDBNull(3) ? "" : reader.GetString(3));
                csv.WriteField(Time(reader.GetInt64(4)));
                csv.WriteField(reader.IsDBNull(5) ? "" : Time(reader.GetInt64(5)));
                csv.WriteField(reader.GetString(6));
                csv.WriteField(reader.IsDBNull(7) ? "" : reader.GetString(7));
                csv.WriteField(reader.IsDBNull(8) ? "" : reader.GetString(8));
                await csv.NextRecordAsync();
                count++;
            }
        }

        File.Move(temporary, path, overwrite: true);
        return count;
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", CultureInfo.InvariantCulture);

    private static async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobKey}'s Quartz schedule '{Cron}' has no Hangfire equivalent; the job starts with its default schedule")]
    private partial void LogScheduleNotCarried(string jobKey, string cron);

    [LoggerMessage(Level = LogLevel.Information, Message = "Carried the Quartz-era jobs over to Hangfire: {Schedules} schedules, {Checkpoints} checkpoints; {Runs} old runs written to {File}")]
    private partial void LogCarriedOver(int schedules, int checkpoints, int runs, string file);
}
