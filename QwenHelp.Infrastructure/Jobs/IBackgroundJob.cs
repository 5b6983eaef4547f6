namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// One kind of background work the scheduler runs: on its cron schedule, or at once from the Jobs page.
/// Implementations must be safe to kill at any point: a run that was cut off finishes on the next run
/// (they keep their own checkpoints in the database, never in memory).
/// </summary>
public interface IBackgroundJob
{
    /// <summary>Stable key, kebab-case ("archive-conversations"); stored with schedules and run history.</summary>
    string Key { get; }

    /// <summary>The schedule a fresh installation starts with (Quartz cron, seconds first), in UTC.</summary>
    string DefaultCron { get; }

    /// <summary>Runs the job once. Report progress through <paramref name="context"/>; honour cancellation.</summary>
    Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken);
}

/// <summary>What a finished run reports: one line for the Jobs page and history.</summary>
/// <param name="Summary">"Archived 1,204 conversations in 3 day files", "Nothing to do".</param>
public sealed record JobOutcome(string Summary);

/// <summary>What a running job can tell the scheduler while it works.</summary>
public sealed class JobRunContext(IProgress<JobProgress> progress)
{
    /// <summary>Reports how far the run is (shown as a progress bar on the Jobs page).</summary>
    public void Report(long done, long total, string? stage = null) => progress.Report(new JobProgress(done, total, stage));
}

/// <summary>A running job's progress: <see cref="Done"/> of <see cref="Total"/> units in the current stage.</summary>
public sealed record JobProgress(long Done, long Total, string? Stage)
{
    /// <summary>0–1, or null when the total is not known yet.</summary>
    public double? Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : null;
}
