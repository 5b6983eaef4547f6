using System.Collections.Concurrent;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The runs going in this process: their latest progress (many reports a second; the storage gets one
/// a second) and their cancellation, so the Jobs page of this instance sees progress at once and a
/// Stop takes effect at once. Runs on other instances are seen through the storage.
/// </summary>
public sealed class JobRuns
{
    private readonly ConcurrentDictionary<string, LiveRun> _byRunId = new(StringComparer.Ordinal);

    /// <summary>Raised (on any thread) when a run of this process starts, reports progress or ends, or a schedule changes.</summary>
    public event Action? Changed;

    public LiveRun Begin(string runId, string jobKey, JobTrigger trigger, DateTimeOffset startedAt, CancellationTokenSource cancellation)
    {
        var run = new LiveRun(runId, jobKey, trigger, startedAt, cancellation, this);
        _byRunId[runId] = run;
        Notify();
        return run;
    }

    public void End(LiveRun run)
    {
        _byRunId.TryRemove(new KeyValuePair<string, LiveRun>(run.RunId, run));
        Notify();
    }

    public LiveRun? Find(string runId) => _byRunId.GetValueOrDefault(runId);

    /// <summary>The job's run going in this process, or null.</summary>
    public LiveRun? FindByJob(string jobKey) => _byRunId.Values.FirstOrDefault(r => r.JobKey == jobKey);

    public void Notify() => Changed?.Invoke();
}

/// <summary>A run going in this process.</summary>
public sealed class LiveRun(string runId, string jobKey, JobTrigger trigger, DateTimeOffset startedAt, CancellationTokenSource cancellation, JobRuns owner)
    : IProgress<JobProgress>
{
    private volatile JobProgress? _progress;

    public string RunId { get; } = runId;

    public string JobKey { get; } = jobKey;

    public JobTrigger Trigger { get; } = trigger;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public JobProgress? Progress => _progress;

    public void Report(JobProgress value)
    {
        _progress = value;
        owner.Notify();
    }
}
