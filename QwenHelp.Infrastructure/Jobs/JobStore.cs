using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The durable side of the scheduler: tables <c>job_schedules</c>, <c>job_runs</c> and
/// <c>job_state</c> (migration 0060). The scheduler's in-memory triggers are rebuilt from these at
/// every start, so they are the one truth about schedules and history.
/// </summary>
public sealed class JobStore(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Creates the schedule rows of jobs seen for the first time, with their default cron.</summary>
    public async Task EnsureSchedulesAsync(IEnumerable<(string Key, string Cron)> jobs, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var (key, cron) in jobs)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO job_schedules (job_key, cron, paused, created_at, updated_by, updated_at)
                VALUES ({key}, {cron}, 0, {now}, 'system', {now}) ON CONFLICT (job_key) DO NOTHING
                """, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<JobSchedule>> GetSchedulesAsync(CancellationToken cancellationToken)
    {
        var rows = new List<JobSchedule>();
        await QueryAsync("SELECT job_key, cron, paused, created_at, updated_by, updated_at FROM job_schedules", null, r => rows.Add(new JobSchedule(
            r.GetString(0), r.GetString(1), r.GetBoolean(2), FromMs(r.GetInt64(3)), r.GetString(4), FromMs(r.GetInt64(5)))), cancellationToken);
        return rows;
    }

    public async Task UpdateScheduleAsync(string key, string? cron, bool? paused, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE job_schedules SET cron = COALESCE({cron}, cron), paused = COALESCE({paused}, paused), updated_by = {actor}, updated_at = {now}
            WHERE job_key = {key}
            """, cancellationToken);
    }

    /// <summary>Marks runs left 'running' by a process that died as interrupted.</summary>
    /// <returns>How many there were.</returns>
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE job_runs SET outcome = 'interrupted', finished_at = {now}, duration_ms = {now} - started_at,
                   error = 'The application stopped while this run was going; the next run continues the work.'
            WHERE outcome = 'running'
            """, cancellationToken);
    }

    public async Task<long> StartRunAsync(string key, JobTrigger trigger, string? requestedBy, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var triggerName = TriggerName(trigger);
        var ids = await db.Database.SqlQuery<long>($"""
            INSERT INTO job_runs (job_key, trigger_kind, requested_by, started_at, outcome)
            VALUES ({key}, {triggerName}, {requestedBy}, {startedAt.ToUnixTimeMilliseconds()}, 'running') RETURNING id AS Value
            """).ToListAsync(cancellationToken);
        return ids[0];
    }

    public async Task SaveProgressAsync(long runId, JobProgress progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE job_runs SET progress_done = {progress.Done}, progress_total = {progress.Total}, progress_stage = {progress.Stage}
            WHERE id = {runId} AND outcome = 'running'
            """, cancellationToken);
    }

    public async Task FinishRunAsync(long runId, JobRunOutcome outcome, string? summary, string? error, DateTimeOffset finishedAt, JobProgress? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var outcomeName = OutcomeName(outcome);
        var at = finishedAt.ToUnixTimeMilliseconds();
        var trimmedSummary = Trim(summary);
        var trimmedError = Trim(error);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE job_runs SET outcome = {outcomeName}, finished_at = {at}, duration_ms = {at} - started_at, summary = {trimmedSummary}, error = {trimmedError},
                   progress_done = COALESCE({progress?.Done}, progress_done), progress_total = COALESCE({progress?.Total}, progress_total),
                   progress_stage = COALESCE({progress?.Stage}, progress_stage)
            WHERE id = {runId}
            """, cancellationToken);
    }

    /// <summary>The newest runs, of one job or of all.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> GetRunsAsync(string? key, int take, CancellationToken cancellationToken)
    {
        var rows = new List<JobRunRecord>();
        await QueryAsync(RunColumns + (key is null ? "" : " WHERE job_key = $key") + " ORDER BY id DESC LIMIT $take",
            c =>
            {
                Add(c, "$key", key);
                Add(c, "$take", take);
            }, r => rows.Add(ReadRun(r)), cancellationToken);
        return rows;
    }

    public async Task<JobRunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        JobRunRecord? run = null;
        await QueryAsync(RunColumns + " WHERE id = $id", c => Add(c, "$id", runId), r => run = ReadRun(r), cancellationToken);
        return run;
    }

    /// <summary>When each job last started a run by its schedule (scheduled or catch-up): the reference for missed runs.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> GetLastScheduledStartsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await QueryAsync("SELECT job_key, MAX(started_at) FROM job_runs WHERE trigger_kind IN ('scheduled', 'catch-up') GROUP BY job_key", null,
            r => result[r.GetString(0)] = FromMs(r.GetInt64(1)), cancellationToken);
        return result;
    }

    /// <summary>The last run of each job.</summary>
    public async Task<Dictionary<string, JobRunRecord>> GetLastRunsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, JobRunRecord>(StringComparer.Ordinal);
        await QueryAsync(RunColumns + " WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job_key)", null, r =>
        {
            var run = ReadRun(r);
            result[run.JobKey] = run;
        }, cancellationToken);
        return result;
    }

    /// <summary>A job's checkpoint value (see <c>job_state</c>), or null.</summary>
    public async Task<string?> GetStateAsync(string key, string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQuery<string>($"SELECT value AS Value FROM job_state WHERE job_key = {key} AND name = {name}").FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Sets (or with null, clears) a job's checkpoint value.</summary>
    public async Task SetStateAsync(string key, string name, string? value, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (value is null)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM job_state WHERE job_key = {key} AND name = {name}", cancellationToken);
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO job_state (job_key, name, value, updated_at) VALUES ({key}, {name}, {value}, {now})
            ON CONFLICT (job_key, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, cancellationToken);
    }

    public static string TriggerName(JobTrigger trigger) => trigger switch
    {
        JobTrigger.Manual => "manual",
        JobTrigger.CatchUp => "catch-up",
        _ => "scheduled",
    };

    public static string OutcomeName(JobRunOutcome outcome) => outcome switch
    {
        JobRunOutcome.Ok => "ok",
        JobRunOutcome.Failed => "failed",
        JobRunOutcome.Cancelled => "cancelled",
        JobRunOutcome.Interrupted => "interrupted",
        _ => "running",
    };

    private const string RunColumns = """
        SELECT id, job_key, trigger_kind, requested_by, started_at, finished_at, duration_ms, outcome, summary, error,
               progress_done, progress_total, progress_stage FROM job_runs
        """;

    private static JobRunRecord ReadRun(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1),
        r.GetString(2) switch { "manual" => JobTrigger.Manual, "catch-up" => JobTrigger.CatchUp, _ => JobTrigger.Scheduled },
        r.IsDBNull(3) ? null : r.GetString(3),
        FromMs(r.GetInt64(4)),
        r.IsDBNull(5) ? null : FromMs(r.GetInt64(5)),
        r.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(r.GetInt64(6)),
        r.GetString(7) switch
        {
            "ok" => JobRunOutcome.Ok,
            "failed" => JobRunOutcome.Failed,
            "cancelled" => JobRunOutcome.Cancelled,
            "interrupted" => JobRunOutcome.Interrupted,
            _ => JobRunOutcome.Running,
        },
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(11) ? null : new JobProgress(r.IsDBNull(10) ? 0 : r.GetInt64(10), r.GetInt64(11), r.IsDBNull(12) ? null : r.GetString(12)));

    private async Task QueryAsync(string sql, Action<DbCommand>? parameters, Action<DbDataReader> read, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            read(reader);
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string? Trim(string? text) => text is { Length: > 4000 } ? text[..4000] + "…" : text;
}

/// <summary>A job's stored schedule.</summary>
public sealed record JobSchedule(string JobKey, string Cron, bool Paused, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>What started a run.</summary>
public enum JobTrigger
{
    Scheduled,
    Manual,

    /// <summary>Fired once at start-up because a scheduled run fell in the time the app was down.</summary>
    CatchUp,
}

public enum JobRunOutcome
{
    Running,
    Ok,
    Failed,
    Cancelled,

    /// <summary>The process died while the run was going (found 'running' at the next start).</summary>
    Interrupted,
}

/// <summary>One run in the history.</summary>
public sealed record JobRunRecord(long Id, string JobKey, JobTrigger Trigger, string? RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    TimeSpan? Duration, JobRunOutcome Outcome, string? Summary, string? Error, JobProgress? Progress);
