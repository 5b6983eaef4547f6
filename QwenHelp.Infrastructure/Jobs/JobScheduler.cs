using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Auditing;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// What the Jobs page and the rest of the app ask of the background jobs, answered from Hangfire's
/// state (docs/decisions/0140): each job's schedule, last and next run, the run going now with its
/// progress, the history; run now, stop, pause/resume, change the schedule. Every instance sharing the
/// storage answers the same.
/// </summary>
public sealed class JobScheduler(JobCatalog catalog, JobSchedules schedules, JobRunHistory history, JobRuns runs, JobStorage storage,
    IBackgroundJobClient client, AuditTrail audit, IOptions<JobsOptions> options)
{
    /// <summary>Raised (on any thread) when a run of this instance starts, reports progress or ends, or a schedule changes.</summary>
    public event Action? Changed
    {
        add => runs.Changed += value;
        remove => runs.Changed -= value;
    }

    /// <summary>Whether jobs run (not when <c>QwenHelp:Jobs:Enabled</c> is false, nor before start-up has set the schedules).</summary>
    public bool IsStarted => options.Value.Enabled && schedules.IsReady;

    /// <summary>Every job with its schedule, last run, next run and, while it runs, its progress.</summary>
    public async Task<IReadOnlyList<JobStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var stored = await schedules.GetAllAsync(cancellationToken);
        var next = schedules.GetNextRuns();
        var result = new List<JobStatus>();
        foreach (var job in catalog.All)
        {
            var schedule = stored.GetValueOrDefault(job.Key);
            var recent = await history.GetRunsAsync(job.Key, 2, cancellationToken);
            var running = recent.Count > 0 && recent[0] is { Outcome: JobRunOutcome.Running } now ? new JobRunning(now.Id, now.Trigger, now.StartedAt, now.Progress) : null;
            var last = recent.FirstOrDefault(r => r.Outcome != JobRunOutcome.Running);
            result.Add(new JobStatus(job.Key, schedule?.Cron ?? job.DefaultCron, job.DefaultCron, schedule?.Paused ?? false, schedule?.UpdatedBy, schedule?.UpdatedAt,
                last, schedule?.Paused == true ? null : next.GetValueOrDefault(job.Key), running));
        }

        return result;
    }

    /// <summary>The job's run going in this instance, with its latest progress (no storage read: cheap enough for every progress report); null when none.</summary>
    public JobRunning? GetRunning(string jobKey) =>
        runs.FindByJob(jobKey) is { } run ? new JobRunning(run.RunId, run.Trigger, run.StartedAt, run.Progress) : null;

    /// <summary>The run history, newest first.</summary>
    public Task<IReadOnlyList<JobRunRecord>> GetHistoryAsync(string? jobKey, int take = 50, CancellationToken cancellationToken = default) =>
        history.GetRunsAsync(jobKey, Math.Clamp(take, 1, 1000), cancellationToken);

    /// <summary>Queues a run now (the Jobs page's "run now"), unless one is going.</summary>
    public async Task<RunNowResult> RunNowAsync(string jobKey, string actor, CancellationToken cancellationToken = default)
    {
        if (catalog.Find(jobKey) is null)
        {
            return new RunNowResult(RunNowStatus.UnknownJob, null);
        }

        if (!IsStarted && !await StartsSoonAsync(cancellationToken))
        {
            return new RunNowResult(RunNowStatus.SchedulerNotRunning, null);
        }

        if (RunningId(jobKey) is { } going)
        {
            return new RunNowResult(RunNowStatus.AlreadyRunning, going);
        }

        await audit.RecordAsync(actor, "job.run", "job:" + jobKey, null, cancellationToken);
        var runId = client.Create(Job.FromExpression<JobRunner>(r => r.RunAsync(jobKey, actor, null, CancellationToken.None)), new EnqueuedState());
        using (var connection = storage.GetConnection())
        using (var transaction = connection.CreateWriteTransaction())
        {
            // Listed at once, so that the history and WaitForRunAsync know it before a worker picks it up.
            transaction.AddToSet(JobStorageKeys.Runs(jobKey), runId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            transaction.Commit();
        }

        runs.Notify();
        return new RunNowResult(RunNowStatus.Started, runId);
    }

    /// <summary>
    /// A "run now" that arrives while the app is still starting (the schedules not yet brought in line)
    /// waits for that briefly instead of being refused.
    /// </summary>
    private async Task<bool> StartsSoonAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return false;
        }

        try
        {
            await schedules.WhenReady.WaitAsync(StartupPatience, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static readonly TimeSpan StartupPatience = TimeSpan.FromSeconds(30);

    /// <summary>Waits until the given run has ended (succeeded, skipped, failed for good, or stopped) and returns its record.</summary>
    public async Task<JobRunRecord> WaitForRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var run = await history.GetRunAsync(runId, cancellationToken) ?? throw new ArgumentException($"There is no run {runId}.", nameof(runId));
            if (run.Outcome is not (JobRunOutcome.Running or JobRunOutcome.Waiting))
            {
                return run;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops the job's run going now, on whichever instance (it is recorded as stopped; its next run continues the work).</summary>
    /// <returns>False when the job is not running.</returns>
    public async Task<bool> CancelAsync(string jobKey, string actor, CancellationToken cancellationToken = default)
    {
        if (RunningId(jobKey) is not { } runId)
        {
            return false;
        }

        await audit.RecordAsync(actor, "job.cancel", "job:" + jobKey, null, cancellationToken);
        // Deleting the run is Hangfire's stop: the server running it (maybe another instance) cancels
        // the run's token at its next check; here it is cancelled at once.
        var stopped = client.ChangeState(runId, new DeletedState { Reason = $"Stopped by {actor}; the next run continues the work." }, ProcessingState.StateName);
        if (runs.Find(runId) is { } local)
        {
            await local.Cancellation.CancelAsync();
        }

        runs.Notify();
        return stopped;
    }

    /// <summary>Changes a job's cron schedule (validated, stored, audited, in force at once).</summary>
    /// <returns>Null when saved, else why the cron was refused.</returns>
    public async Task<string?> SetScheduleAsync(string jobKey, string cron, string actor, CancellationToken cancellationToken = default)
    {
        if (catalog.Find(jobKey) is null)
        {
            return $"There is no job '{jobKey}'.";
        }

        if (JobCron.Check(cron) is { } problem)
        {
            return problem;
        }

        var text = JobCron.Normalize(cron);
        await schedules.SetAsync(jobKey, text, null, actor, cancellationToken);
        await audit.RecordAsync(actor, "job.schedule", "job:" + jobKey, text, cancellationToken);
        runs.Notify();
        return null;
    }

    /// <summary>Pauses or resumes a job's schedule ("run now" still works while paused).</summary>
    /// <returns>False when there is no such job.</returns>
    public async Task<bool> SetPausedAsync(string jobKey, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        if (catalog.Find(jobKey) is null)
        {
            return false;
        }

        await schedules.SetAsync(jobKey, null, paused, actor, cancellationToken);
        await audit.RecordAsync(actor, paused ? "job.pause" : "job.resume", "job:" + jobKey, null, cancellationToken);
        runs.Notify();
        return true;
    }

    /// <summary>The Hangfire id of the job's run going now (on any instance), or null.</summary>
    private string? RunningId(string jobKey)
    {
        using var connection = storage.GetConnection();
        if (connection.GetAllEntriesFromHash(JobStorageKeys.Running)?.GetValueOrDefault(jobKey) is not { } runId)
        {
            return null;
        }

        return connection.GetStateData(runId)?.Name == ProcessingState.StateName ? runId : null;
    }
}

/// <summary>What "run now" did.</summary>
public sealed record RunNowResult(RunNowStatus Status, string? RunId);

public enum RunNowStatus
{
    Started,
    AlreadyRunning,
    UnknownJob,
    SchedulerNotRunning,
}

/// <summary>A job as the Jobs page shows it.</summary>
public sealed record JobStatus(string Key, string Cron, string DefaultCron, bool Paused, string? UpdatedBy, DateTimeOffset? UpdatedAt,
    JobRunRecord? LastRun, DateTimeOffset? NextRun, JobRunning? Running);

/// <summary>A run in progress.</summary>
public sealed record JobRunning(string RunId, JobTrigger Trigger, DateTimeOffset StartedAt, JobProgress? Progress);

/// <summary>What started a run.</summary>
public enum JobTrigger
{
    Scheduled,
    Manual,
}

public enum JobRunOutcome
{
    Running,

    /// <summary>Queued, or waiting for its retry after a passing failure.</summary>
    Waiting,
    Ok,

    /// <summary>Not run: a run of the same job was still going.</summary>
    Skipped,
    Failed,
    Cancelled,
}

/// <summary>One run in the history.</summary>
public sealed record JobRunRecord(string Id, string JobKey, JobTrigger Trigger, string? RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    TimeSpan? Duration, JobRunOutcome Outcome, string? Summary, string? Error, JobProgress? Progress)
{
    public static string TriggerName(JobTrigger trigger) => trigger == JobTrigger.Manual ? "manual" : "scheduled";

    public static string OutcomeName(JobRunOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
