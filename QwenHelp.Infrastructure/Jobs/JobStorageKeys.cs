namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// The names QwenHelp uses inside Hangfire's storage. Everything the Jobs page shows lives there, so
/// every instance sharing the database sees the same schedules, runs and progress.
/// </summary>
internal static class JobStorageKeys
{
    /// <summary>Hash per job: cron, paused, updatedBy, updatedAt (the admin's schedule; the recurring job is derived from it).</summary>
    public static string Schedule(string jobKey) => "qwenhelp:schedule:" + jobKey;

    /// <summary>Hash: job key → Hangfire id of the run going now (whichever instance runs it).</summary>
    public const string Running = "qwenhelp:running";

    /// <summary>Set per job: the Hangfire ids of its runs (pruned when Hangfire expires the run).</summary>
    public static string Runs(string jobKey) => "qwenhelp:runs:" + jobKey;

    /// <summary>Hash per job: its checkpoint values (what the old <c>job_state</c> table held).</summary>
    public static string Checkpoints(string jobKey) => "qwenhelp:state:" + jobKey;

    /// <summary>Distributed lock held while a job runs: no job runs twice at once, on one instance or several.</summary>
    public static string Lock(string jobKey) => "qwenhelp:job:" + jobKey;

    /// <summary>Job parameters written by the runner.</summary>
    public const string StartedParameter = "qwenhelp.started";

    public const string ProgressParameter = "qwenhelp.progress";

    public const string SkippedParameter = "qwenhelp.skipped";

    /// <summary>Set by Hangfire on runs its recurring scheduler created.</summary>
    public const string RecurringJobParameter = "RecurringJobId";
}
