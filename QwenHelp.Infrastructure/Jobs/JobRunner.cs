using System.ComponentModel;
using System.Globalization;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Startup;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The one method Hangfire runs, for every job: scheduled runs (created by Hangfire's recurring
/// scheduler) and "run now" alike. It takes the job's distributed lock, so a job never runs twice at
/// once on any instance sharing the storage (a second run is recorded as skipped); publishes progress;
/// and returns the job's summary, which Hangfire keeps as the run's result.
/// </summary>
/// <remarks>
/// A run cut off by a shutdown is put back in the queue by Hangfire and runs again at the next start;
/// one cut off by a dead process is fetched again by another server once the storage's invisibility
/// timeout has passed. Each job keeps its own checkpoints in the database, so the new run continues
/// where the committed work ends.
/// </remarks>
public sealed partial class JobRunner(JobCatalog catalog, JobRuns runs, StartupReadiness readiness, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Runs the job <paramref name="jobKey"/> once.</summary>
    /// <param name="jobKey">The job's key.</param>
    /// <param name="requestedBy">Who pressed "run now"; null for a scheduled run.</param>
    /// <param name="context">Supplied by Hangfire (pass null).</param>
    /// <param name="cancellationToken">Supplied by Hangfire: cancelled on shutdown or when the run is stopped.</param>
    [DisplayName("{0}")]
    public async Task<string> RunAsync(string jobKey, string? requestedBy, PerformContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await readiness.WhenReadyAsync(cancellationToken);
        var job = catalog.Find(jobKey) ?? throw new InvalidOperationException($"There is no background job '{jobKey}' any more.");
        var runId = context.BackgroundJob.Id;
        var connection = context.Connection;

        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock(JobStorageKeys.Lock(jobKey), TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            connection.SetJobParameter(runId, JobStorageKeys.SkippedParameter, "true");
            LogSkipped(jobKey, runId);
            return "Skipped: a run of this job was still going";
        }

        using (held)
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var trigger = connection.GetJobParameter(runId, JobStorageKeys.RecurringJobParameter) is null ? JobTrigger.Manual : JobTrigger.Scheduled;
            var run = runs.Begin(runId, jobKey, trigger, clock.GetUtcNow(), cancellation);
            BeginInStorage(connection, jobKey, runId, run.StartedAt);
            LogStarting(jobKey, runId, requestedBy ?? "schedule");
            using var saver = new CancellationTokenSource();
            var saving = SaveProgressAsync(connection, run, saver.Token);
            try
            {
                var outcome = await Task.Run(() => job.RunAsync(new JobRunContext(run), cancellation.Token), cancellation.Token);
                LogFinished(jobKey, runId, outcome.Summary);
                return outcome.Summary;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                LogCancelled(jobKey, runId);
                throw;
            }
            catch (Exception e)
            {
                LogFailed(jobKey, runId, JobFailures.IsTransient(e) ? "it may pass: tried again with backoff" : "retrying cannot fix it: not tried again", e);
                throw;
            }
            finally
            {
                await saver.CancelAsync();
                await saving;
                EndInStorage(connection, jobKey, runId, run.Progress);
                runs.End(run);
            }
        }
    }

    private static void BeginInStorage(IStorageConnection connection, string jobKey, string runId, DateTimeOffset startedAt)
    {
        connection.SetJobParameter(runId, JobStorageKeys.StartedParameter, startedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(JobStorageKeys.Running, [new KeyValuePair<string, string>(jobKey, runId)]);
        transaction.AddToSet(JobStorageKeys.Runs(jobKey), runId, startedAt.ToUnixTimeMilliseconds());
        transaction.Commit();
    }

    private static void EndInStorage(IStorageConnection connection, string jobKey, string runId, JobProgress? progress)
    {
        if (progress is not null)
        {
            connection.SetJobParameter(runId, JobStorageKeys.ProgressParameter, JobProgressText.Format(progress));
        }

        // Only this run's entry: the lock makes sure no other run of the job wrote one meanwhile.
        var running = connection.GetAllEntriesFromHash(JobStorageKeys.Running) ?? [];
        if (running.Remove(jobKey, out var current) && current == runId)
        {
            using var transaction = connection.CreateWriteTransaction();
            transaction.RemoveHash(JobStorageKeys.Running);
            if (running.Count > 0)
            {
                transaction.SetRangeInHash(JobStorageKeys.Running, running);
            }

            transaction.Commit();
        }
    }

    /// <summary>Writes the latest progress into the run's parameters once a second, for the pages of other instances.</summary>
    private async Task SaveProgressAsync(IStorageConnection connection, LiveRun run, CancellationToken cancellationToken)
    {
        JobProgress? saved = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (run.Progress is { } progress && progress != saved)
                {
                    connection.SetJobParameter(run.RunId, JobStorageKeys.ProgressParameter, JobProgressText.Format(progress));
                    saved = progress;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended; its final progress is written with its end.
        }
        catch (Exception e) when (JobFailures.IsTransient(e))
        {
            // Progress is a convenience: a busy database must not fail the run.
            LogProgressNotSaved(run.JobKey, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} starting (requested by {RequestedBy})")]
    private partial void LogStarting(string jobKey, string runId, string requestedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} finished: {Summary}")]
    private partial void LogFinished(string jobKey, string runId, string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} stopped; the next run continues the work")]
    private partial void LogCancelled(string jobKey, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobKey} run {RunId} failed; {Judgement}")]
    private partial void LogFailed(string jobKey, string runId, string judgement, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobKey} run {RunId} skipped: a run of this job is still going")]
    private partial void LogSkipped(string jobKey, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobKey}'s progress could not be saved: {Reason}")]
    private partial void LogProgressNotSaved(string jobKey, string reason);
}

/// <summary>Progress as one job-parameter string: "done|total|stage".</summary>
internal static class JobProgressText
{
    public static string Format(JobProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"{progress.Done}|{progress.Total}|{progress.Stage}");

    public static JobProgress? Parse(string? text)
    {
        var parts = text?.Split('|', 3);
        return parts is { Length: 3 } && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var done) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var total)
            ? new JobProgress(done, total, parts[2].Length == 0 ? null : parts[2])
            : null;
    }
}
