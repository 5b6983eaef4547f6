using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The runs of each job as Hangfire recorded them: each run is a Hangfire background job (listed in a
/// set per job key), its states are its history, its result is the job's summary. Finished runs
/// cannot change and are read once.
/// </summary>
public sealed class JobRunHistory(JobCatalog catalog, JobRuns runs, JobStorage storage)
{
    private readonly ConcurrentDictionary<string, JobRunRecord> _finished = new(StringComparer.Ordinal);

    /// <summary>The newest runs, of one job or of all.</summary>
    public Task<IReadOnlyList<JobRunRecord>> GetRunsAsync(string? jobKey, int take, CancellationToken cancellationToken)
    {
        using var connection = (JobStorageConnection)storage.GetConnection();
        var monitoring = storage.GetMonitoringApi();
        var result = new List<JobRunRecord>();
        foreach (var key in jobKey is null ? catalog.All.Select(j => j.Key) : [jobKey])
        {
            cancellationToken.ThrowIfCancellationRequested();
            var setKey = JobStorageKeys.Runs(key);
            foreach (var runId in connection.GetAllItemsFromSet(setKey))
            {
                if (Read(monitoring, runId) is { } run)
                {
                    result.Add(run);
                }
                else
                {
                    // Hangfire expired the run (older than QwenHelp:Jobs:HistoryDays): forget it here too.
                    using var transaction = connection.CreateWriteTransaction();
                    transaction.RemoveFromSet(setKey, runId);
                    transaction.Commit();
                }
            }
        }

        IReadOnlyList<JobRunRecord> newest = [.. result.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).Take(take)];
        return Task.FromResult(newest);
    }

    /// <summary>One run, or null when Hangfire has no such job (never, or expired).</summary>
    public Task<JobRunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(storage.GetMonitoringApi(), runId));
    }

    private JobRunRecord? Read(IMonitoringApi monitoring, string runId)
    {
        if (_finished.TryGetValue(runId, out var known))
        {
            return known;
        }

        if (monitoring.JobDetails(runId) is not { } details || details.Job?.Args is not [string jobKey, var requestedBy, ..])
        {
            return null;
        }

        var properties = details.Properties ?? new Dictionary<string, string>();
        var states = details.History?.OrderByDescending(s => s.CreatedAt).ToList() ?? [];
        var current = states.FirstOrDefault();
        var startedAt = properties.TryGetValue(JobStorageKeys.StartedParameter, out var started) && long.TryParse(started, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : Utc(details.CreatedAt ?? current?.CreatedAt ?? DateTime.UtcNow);
        var outcome = Outcome(current?.StateName, properties.ContainsKey(JobStorageKeys.SkippedParameter));
        var final = outcome is not (JobRunOutcome.Running or JobRunOutcome.Waiting);
        DateTimeOffset? finishedAt = final && current is not null ? Utc(current.CreatedAt) : null;
        var progress = runs.Find(runId)?.Progress
            ?? JobProgressText.Parse(properties.TryGetValue(JobStorageKeys.ProgressParameter, out var saved) ? saved : null);
        var record = new JobRunRecord(runId, jobKey,
            properties.ContainsKey(JobStorageKeys.RecurringJobParameter) ? JobTrigger.Scheduled : JobTrigger.Manual,
            requestedBy as string, startedAt, finishedAt, finishedAt - startedAt is { } d && d >= TimeSpan.Zero ? d : finishedAt is null ? null : TimeSpan.Zero,
            outcome, outcome is JobRunOutcome.Ok or JobRunOutcome.Skipped ? Result(current) : null, Error(current, outcome), progress);
        if (outcome is JobRunOutcome.Ok or JobRunOutcome.Skipped or JobRunOutcome.Cancelled)
        {
            // Failed runs are left unread: the dashboard can retry them.
            _finished[runId] = record;
        }

        return record;
    }

    private static JobRunOutcome Outcome(string? state, bool skipped)
    {
        if (state == ProcessingState.StateName)
        {
            return JobRunOutcome.Running;
        }

        if (state == SucceededState.StateName)
        {
            return skipped ? JobRunOutcome.Skipped : JobRunOutcome.Ok;
        }

        if (state == FailedState.StateName)
        {
            return JobRunOutcome.Failed;
        }

        return state == DeletedState.StateName ? JobRunOutcome.Cancelled : JobRunOutcome.Waiting;
    }

    /// <summary>Hangfire keeps the job's return value (our summary) serialized as JSON.</summary>
    private static string? Result(StateHistoryDto? state) =>
        state?.Data?.TryGetValue("Result", out var json) == true && json is not null
            ? (json.StartsWith('"') ? JsonSerializer.Deserialize<string>(json) : json)
            : null;

    private static string? Error(StateHistoryDto? state, JobRunOutcome outcome) => outcome switch
    {
        JobRunOutcome.Failed => state?.Data is { } data && data.TryGetValue("ExceptionMessage", out var message) && message is not null
            ? message + (state.Reason is { Length: > 0 } reason ? " (" + reason + ")" : "")
            : state?.Reason,
        JobRunOutcome.Cancelled or JobRunOutcome.Waiting => state?.Reason,
        _ => null,
    };

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
