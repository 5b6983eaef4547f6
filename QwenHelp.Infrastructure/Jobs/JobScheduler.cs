using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Startup;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Runs every registered <see cref="IBackgroundJob"/> on its cron schedule and on demand. Quartz
/// (core, in-memory store) fires the triggers; the schedules and the run history live in our own
/// tables (<see cref="JobStore"/>), and the triggers are rebuilt from them at every start
/// (docs/decisions/0060). A job never runs twice at once: Quartz's
/// <see cref="DisallowConcurrentExecutionAttribute"/> plus our own guard, which answers "already
/// running" to a second request instead of queueing it. Runs start only after the database is
/// migrated (<see cref="StartupReadiness"/>).
/// </summary>
/// <remarks>
/// Missed runs (docs/decisions/0061): when a scheduled time fell while the app was down, the job
/// runs once shortly after start-up (trigger "catch-up"), however many times it was missed.
/// </remarks>
public sealed partial class JobScheduler : IHostedService, IDisposable
{
    private const string TriggerData = "qwenhelp.trigger";
    private const string RunIdData = "qwenhelp.run";
    private const string GroupName = "qwenhelp";

    private readonly Dictionary<string, IBackgroundJob> _jobs;
    private readonly JobStore _store;
    private readonly AuditTrail _audit;
    private readonly StartupReadiness _readiness;
    private readonly IOptions<JobsOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobScheduler> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JobRunRecord>> _waiters = new();
    private readonly CancellationTokenSource _stopping = new();
    private IScheduler? _quartz;
    private int _disposed;

    public JobScheduler(IEnumerable<IBackgroundJob> jobs, JobStore store, AuditTrail audit, StartupReadiness readiness, IOptions<JobsOptions> options,
        TimeProvider clock, ILogger<JobScheduler> logger)
    {
        _jobs = new Dictionary<string, IBackgroundJob>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!JobKeys.IsValid(job.Key))
            {
                throw new InvalidOperationException($"Background job {job.GetType().Name} has the key '{job.Key}'; keys are kebab-case (a-z, 0-9, '-').");
            }

            if (!_jobs.TryAdd(job.Key, job))
            {
                throw new InvalidOperationException($"Two background jobs have the key '{job.Key}' ({_jobs[job.Key].GetType().Name} and {job.GetType().Name}).");
            }

            if (JobCron.Check(job.DefaultCron) is { } problem)
            {
                throw new InvalidOperationException($"Background job '{job.Key}' has an invalid default schedule '{job.DefaultCron}': {problem}");
            }
        }

        (_store, _audit, _readiness, _options, _clock, _logger) = (store, audit, readiness, options, clock, logger);
    }

    /// <summary>Raised (on any thread) when a run starts, reports progress or ends, or a schedule changes.</summary>
    public event Action? Changed;

    /// <summary>Whether the scheduler is started (it is not when <c>QwenHelp:Jobs:Enabled</c> is false, or before start-up finished).</summary>
    public bool IsStarted => _quartz is { IsStarted: true, IsShutdown: false };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Value.Enabled)
        {
            LogDisabled();
            return;
        }

        await _readiness.WhenReadyAsync(cancellationToken);
        var interrupted = await _store.MarkInterruptedAsync(cancellationToken);
        if (interrupted > 0)
        {
            LogInterrupted(interrupted);
        }

        await _store.EnsureSchedulesAsync(_jobs.Values.Select(j => (j.Key, j.DefaultCron)), cancellationToken);
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            // Quartz keeps schedulers in a process-wide registry by name: every host gets its own.
            ["quartz.scheduler.instanceName"] = "QwenHelp-" + Guid.NewGuid().ToString("N"),
            ["quartz.threadPool.maxConcurrency"] = Math.Max(4, _jobs.Count).ToString(CultureInfo.InvariantCulture),
            ["quartz.jobStore.type"] = "Quartz.Simpl.RAMJobStore, Quartz",
        });
        var quartz = await factory.GetScheduler(cancellationToken);
        quartz.JobFactory = new AdapterFactory(this);
        var now = _clock.GetUtcNow();
        var lastStarts = await _store.GetLastScheduledStartsAsync(cancellationToken);
        foreach (var schedule in await _store.GetSchedulesAsync(cancellationToken))
        {
            if (!_jobs.ContainsKey(schedule.JobKey))
            {
                continue; // a job that is no longer registered keeps its row and history
            }

            await quartz.AddJob(JobBuilder.Create<QuartzJobAdapter>().WithIdentity(schedule.JobKey, GroupName).StoreDurably().Build(), true, cancellationToken);
            if (schedule.Paused)
            {
                continue;
            }

            await quartz.ScheduleJob(CronTrigger(schedule.JobKey, schedule.Cron), cancellationToken);
            var reference = lastStarts.TryGetValue(schedule.JobKey, out var last) && last > schedule.UpdatedAt ? last : schedule.UpdatedAt;
            if (MissedSince(schedule.Cron, reference, now) is { } missed)
            {
                LogCatchUp(schedule.JobKey, missed);
                await quartz.ScheduleJob(TriggerBuilder.Create()
                    .WithIdentity(schedule.JobKey + ".catch-up", GroupName)
                    .ForJob(schedule.JobKey, GroupName)
                    .UsingJobData(TriggerData, JobStore.TriggerName(JobTrigger.CatchUp))
                    .StartAt(now.AddSeconds(_options.Value.CatchUpDelaySeconds))
                    .WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow())
                    .Build(), cancellationToken);
            }
        }

        await quartz.Start(cancellationToken);
        _quartz = quartz;
        LogStarted(_jobs.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1 || Interlocked.Exchange(ref _quartz, null) is not { } quartz)
        {
            return;
        }

        // Running jobs see their token cancelled and record the run as cancelled; the next run continues their work.
        await _stopping.CancelAsync();
        await quartz.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Disposed without being stopped (a host torn down in a hurry): stop Quartz's threads all the same.
        if (Interlocked.Exchange(ref _quartz, null) is { } quartz)
        {
            _stopping.Cancel();
            quartz.Shutdown(waitForJobsToComplete: false).GetAwaiter().GetResult();
        }

        _stopping.Dispose();
    }

    /// <summary>The time of the first scheduled run missed between <paramref name="reference"/> and <paramref name="now"/>, or null.</summary>
    public static DateTimeOffset? MissedSince(string cron, DateTimeOffset reference, DateTimeOffset now)
    {
        var expression = new CronExpression(cron) { TimeZone = TimeZoneInfo.Utc };
        return expression.GetNextValidTimeAfter(reference) is { } next && next < now ? next : null;
    }

    /// <summary>Every job with its schedule, last run, next run and, while it runs, its progress.</summary>
    public async Task<IReadOnlyList<JobStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var schedules = (await _store.GetSchedulesAsync(cancellationToken)).ToDictionary(s => s.JobKey, StringComparer.Ordinal);
        var lastRuns = await _store.GetLastRunsAsync(cancellationToken);
        var result = new List<JobStatus>();
        foreach (var key in _jobs.Keys.Order(StringComparer.Ordinal))
        {
            var job = _jobs[key];
            var schedule = schedules.GetValueOrDefault(key);
            DateTimeOffset? next = null;
            if (_quartz is { } quartz && await quartz.GetTrigger(new TriggerKey(key, GroupName), cancellationToken) is { } trigger)
            {
                next = trigger.GetNextFireTimeUtc();
            }

            var running = _running.GetValueOrDefault(key) is { RunId: > 0 } r ? new JobRunning(r.RunId, r.Trigger, r.StartedAt, r.Progress) : null;
            result.Add(new JobStatus(key, schedule?.Cron ?? job.DefaultCron, job.DefaultCron, schedule?.Paused ?? false, schedule?.UpdatedBy, schedule?.UpdatedAt,
                lastRuns.GetValueOrDefault(key), next, running));
        }

        return result;
    }

    /// <summary>The run going now for a job, with its latest progress; null when none.</summary>
    public JobRunning? GetRunning(string jobKey) =>
        _running.GetValueOrDefault(jobKey) is { RunId: > 0 } r ? new JobRunning(r.RunId, r.Trigger, r.StartedAt, r.Progress) : null;

    /// <summary>The run history, newest first.</summary>
    public Task<IReadOnlyList<JobRunRecord>> GetHistoryAsync(string? jobKey, int take = 50, CancellationToken cancellationToken = default) =>
        _store.GetRunsAsync(jobKey, Math.Clamp(take, 1, 1000), cancellationToken);

    /// <summary>Starts a run now (the Jobs page's "run now"), unless one is going.</summary>
    public async Task<RunNowResult> RunNowAsync(string jobKey, string actor, CancellationToken cancellationToken = default)
    {
        if (!_jobs.ContainsKey(jobKey))
        {
            return new RunNowResult(RunNowStatus.UnknownJob, null);
        }

        if (_quartz is not { } quartz || !IsStarted)
        {
            return new RunNowResult(RunNowStatus.SchedulerNotRunning, null);
        }

        var run = await TryReserveAsync(jobKey, JobTrigger.Manual, actor, cancellationToken);
        if (run is null)
        {
            return new RunNowResult(RunNowStatus.AlreadyRunning, _running.GetValueOrDefault(jobKey)?.RunId);
        }

        await _audit.RecordAsync(actor, "job.run", "job:" + jobKey, null, cancellationToken);
        try
        {
            await quartz.TriggerJob(new JobKey(jobKey, GroupName), new JobDataMap { [RunIdData] = run.RunId.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        }
        catch (Exception e) when (e is SchedulerException or OperationCanceledException)
        {
            await FinishAsync(run, JobRunOutcome.Failed, null, "The scheduler could not start the run: " + e.Message);
            throw;
        }

        return new RunNowResult(RunNowStatus.Started, run.RunId);
    }

    /// <summary>Waits until the given run has ended and returns its record.</summary>
    public async Task<JobRunRecord> WaitForRunAsync(long runId, CancellationToken cancellationToken = default)
    {
        if (_waiters.TryGetValue(runId, out var waiter))
        {
            return await waiter.Task.WaitAsync(cancellationToken);
        }

        var record = await _store.GetRunAsync(runId, cancellationToken) ?? throw new ArgumentException($"There is no run {runId}.", nameof(runId));
        if (record.Outcome != JobRunOutcome.Running)
        {
            return record;
        }

        // Reserved by another path a moment ago: poll until it ends.
        while (true)
        {
            await Task.Delay(100, cancellationToken);
            if (_waiters.TryGetValue(runId, out waiter))
            {
                return await waiter.Task.WaitAsync(cancellationToken);
            }

            record = await _store.GetRunAsync(runId, cancellationToken);
            if (record is { Outcome: not JobRunOutcome.Running })
            {
                return record;
            }
        }
    }

    /// <summary>Asks a running job to stop (it records the run as cancelled; its next run continues the work).</summary>
    /// <returns>False when the job is not running.</returns>
    public async Task<bool> CancelAsync(string jobKey, string actor, CancellationToken cancellationToken = default)
    {
        if (_running.GetValueOrDefault(jobKey) is not { Cancellation: { } cancellation })
        {
            return false;
        }

        await _audit.RecordAsync(actor, "job.cancel", "job:" + jobKey, null, cancellationToken);
        await cancellation.CancelAsync();
        return true;
    }

    /// <summary>Changes a job's cron schedule (validated, stored, audited, in force at once).</summary>
    /// <returns>Null when saved, else why the cron was refused.</returns>
    public async Task<string?> SetScheduleAsync(string jobKey, string cron, string actor, CancellationToken cancellationToken = default)
    {
        if (!_jobs.ContainsKey(jobKey))
        {
            return $"There is no job '{jobKey}'.";
        }

        cron = JobCron.Normalize(cron);
        if (JobCron.Check(cron) is { } problem)
        {
            return problem;
        }

        var before = (await _store.GetSchedulesAsync(cancellationToken)).FirstOrDefault(s => s.JobKey == jobKey);
        await _store.UpdateScheduleAsync(jobKey, cron, null, actor, cancellationToken);
        await _audit.RecordAsync(actor, "job.schedule", "job:" + jobKey, $"{before?.Cron} → {cron}", cancellationToken);
        if (_quartz is { } quartz && before is not { Paused: true })
        {
            await quartz.UnscheduleJob(new TriggerKey(jobKey, GroupName), cancellationToken);
            await quartz.ScheduleJob(CronTrigger(jobKey, cron), cancellationToken);
        }

        Changed?.Invoke();
        return null;
    }

    /// <summary>Pauses (no scheduled runs; "run now" still works) or resumes a job's schedule.</summary>
    public async Task<bool> SetPausedAsync(string jobKey, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        if (!_jobs.ContainsKey(jobKey))
        {
            return false;
        }

        await _store.UpdateScheduleAsync(jobKey, null, paused, actor, cancellationToken);
        await _audit.RecordAsync(actor, paused ? "job.pause" : "job.resume", "job:" + jobKey, null, cancellationToken);
        if (_quartz is { } quartz)
        {
            await quartz.UnscheduleJob(new TriggerKey(jobKey, GroupName), cancellationToken);
            if (!paused)
            {
                var schedule = (await _store.GetSchedulesAsync(cancellationToken)).First(s => s.JobKey == jobKey);
                await quartz.ScheduleJob(CronTrigger(jobKey, schedule.Cron), cancellationToken);
            }
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Called by Quartz on its worker thread when a trigger fires.</summary>
    internal async Task ExecuteAsync(string jobKey, JobDataMap data, CancellationToken quartzToken)
    {
        try
        {
            await ExecuteFiredAsync(jobKey, data, quartzToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Quartz would swallow it silently: say why the firing came to nothing.
            LogFiringFailed(jobKey, e);
        }
    }

    private async Task ExecuteFiredAsync(string jobKey, JobDataMap data, CancellationToken quartzToken)
    {
        RunningJob? run;
        if (data.TryGetValue(RunIdData, out var reservedValue) && reservedValue is string reserved && long.TryParse(reserved, CultureInfo.InvariantCulture, out var runId))
        {
            run = _running.GetValueOrDefault(jobKey) is { } r && r.RunId == runId ? r : null;
            if (run is null)
            {
                return;
            }
        }
        else
        {
            var trigger = data.TryGetValue(TriggerData, out var kind) && kind is string name && name == JobStore.TriggerName(JobTrigger.CatchUp) ? JobTrigger.CatchUp : JobTrigger.Scheduled;
            run = await TryReserveAsync(jobKey, trigger, null, quartzToken);
            if (run is null)
            {
                LogSkipped(jobKey);
                return;
            }
        }

        await RunAsync(run, quartzToken);
    }

    private async Task RunAsync(RunningJob run, CancellationToken quartzToken)
    {
        var job = _jobs[run.JobKey];
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(quartzToken, _stopping.Token);
        run.Cancellation = cancellation;
        using var saver = new CancellationTokenSource();
        var saving = SaveProgressPeriodicallyAsync(run, saver.Token);
        JobRunOutcome outcome;
        string? summary = null;
        string? error = null;
        LogRunStarting(run.JobKey, run.RunId, run.Trigger);
        Changed?.Invoke();
        try
        {
            var result = await Task.Run(() => job.RunAsync(new JobRunContext(new Reporter(this, run)), cancellation.Token), cancellation.Token);
            outcome = JobRunOutcome.Ok;
            summary = result.Summary;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            outcome = JobRunOutcome.Cancelled;
            error = _stopping.IsCancellationRequested
                ? "Stopped because the application is shutting down; the next run continues the work."
                : "Cancelled; the next run continues the work.";
        }
        catch (Exception e)
        {
            // One failed run must not stop the scheduler: the next run may succeed.
            outcome = JobRunOutcome.Failed;
            error = e.Message;
            LogRunFailed(run.JobKey, run.RunId, e);
        }
        finally
        {
            await saver.CancelAsync();
            await saving;
        }

        await FinishAsync(run, outcome, summary, error);
    }

    private async Task FinishAsync(RunningJob run, JobRunOutcome outcome, string? summary, string? error)
    {
        var finishedAt = _clock.GetUtcNow();
        try
        {
            await _store.FinishRunAsync(run.RunId, outcome, summary, error, finishedAt, run.Progress, CancellationToken.None);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, RunningJob>(run.JobKey, run));
            var record = new JobRunRecord(run.RunId, run.JobKey, run.Trigger, run.RequestedBy, run.StartedAt, finishedAt, finishedAt - run.StartedAt,
                outcome, summary, error, run.Progress);
            if (_waiters.TryRemove(run.RunId, out var waiter))
            {
                waiter.TrySetResult(record);
            }

            LogRunFinished(run.JobKey, run.RunId, outcome, summary ?? error);
            Changed?.Invoke();
        }
    }

    /// <summary>Claims the job for one run and writes its 'running' row; null when a run is going.</summary>
    private async Task<RunningJob?> TryReserveAsync(string jobKey, JobTrigger trigger, string? requestedBy, CancellationToken cancellationToken)
    {
        var run = new RunningJob(jobKey, trigger, requestedBy, _clock.GetUtcNow());
        lock (_gate)
        {
            if (!_running.TryAdd(jobKey, run))
            {
                return null;
            }
        }

        try
        {
            run.RunId = await _store.StartRunAsync(jobKey, trigger, requestedBy, run.StartedAt, cancellationToken);
            _waiters[run.RunId] = new TaskCompletionSource<JobRunRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            return run;
        }
        catch
        {
            _running.TryRemove(new KeyValuePair<string, RunningJob>(jobKey, run));
            throw;
        }
    }

    private async Task SaveProgressPeriodicallyAsync(RunningJob run, CancellationToken cancellationToken)
    {
        JobProgress? saved = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (run.Progress is { } progress && progress != saved)
                {
                    await _store.SaveProgressAsync(run.RunId, progress, cancellationToken);
                    saved = progress;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended; its final progress is written with its outcome.
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Progress in the history is a convenience: a busy database must not fail the run.
            LogProgressNotSaved(run.JobKey, e.Message);
        }
    }

    private static ITrigger CronTrigger(string jobKey, string cron) => TriggerBuilder.Create()
        .WithIdentity(jobKey, GroupName)
        .ForJob(jobKey, GroupName)
        .UsingJobData(TriggerData, JobStore.TriggerName(JobTrigger.Scheduled))
        // Runs missed while the app was down are handled by our own catch-up policy at start-up; a
        // fire time missed while running (the job was still busy) is skipped.
        .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionDoNothing())
        .Build();

    [LoggerMessage(Level = LogLevel.Information, Message = "Background jobs are switched off (QwenHelp:Jobs:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Background job scheduler started with {Count} jobs")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job runs were going when the application last stopped; they are marked interrupted")]
    private partial void LogInterrupted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} missed its run at {Missed:u} while the application was down; it runs once now")]
    private partial void LogCatchUp(string jobKey, DateTimeOffset missed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey}'s scheduled run is skipped: a run is still going")]
    private partial void LogSkipped(string jobKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} starting ({Trigger})")]
    private partial void LogRunStarting(string jobKey, long runId, JobTrigger trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} ended: {Outcome}; {Summary}")]
    private partial void LogRunFinished(string jobKey, long runId, JobRunOutcome outcome, string? summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobKey} run {RunId} failed")]
    private partial void LogRunFailed(string jobKey, long runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobKey} could not be started")]
    private partial void LogFiringFailed(string jobKey, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobKey}'s progress could not be saved: {Reason}")]
    private partial void LogProgressNotSaved(string jobKey, string reason);

    /// <summary>Progress goes straight into the run's state (no synchronization context hop), then to subscribers.</summary>
    private sealed class Reporter(JobScheduler scheduler, RunningJob run) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            run.Progress = value;
            scheduler.Changed?.Invoke();
        }
    }

    private sealed class RunningJob(string jobKey, JobTrigger trigger, string? requestedBy, DateTimeOffset startedAt)
    {
        public string JobKey { get; } = jobKey;

        public JobTrigger Trigger { get; } = trigger;

        public string? RequestedBy { get; } = requestedBy;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public long RunId { get; set; }

        private volatile JobProgress? _progress;

        public JobProgress? Progress
        {
            get => _progress;
            set => _progress = value;
        }

        public CancellationTokenSource? Cancellation { get; set; }
    }

    private sealed class AdapterFactory(JobScheduler scheduler) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler quartz) => new QuartzJobAdapter(scheduler);

        public void ReturnJob(IJob job)
        {
        }
    }
}

/// <summary>The one Quartz job class: hands the firing to <see cref="JobScheduler"/>.</summary>
[DisallowConcurrentExecution]
internal sealed class QuartzJobAdapter(JobScheduler scheduler) : IJob
{
    public Task Execute(IJobExecutionContext context) =>
        scheduler.ExecuteAsync(context.JobDetail.Key.Name, context.MergedJobDataMap, context.CancellationToken);
}

/// <summary>What "run now" did.</summary>
public sealed record RunNowResult(RunNowStatus Status, long? RunId);

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
public sealed record JobRunning(long RunId, JobTrigger Trigger, DateTimeOffset StartedAt, JobProgress? Progress);
