using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>The background jobs' settings. Bound from <c>QwenHelp:Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "QwenHelp:Jobs";

    /// <summary>Off: no job runs, on schedule or on demand (the Jobs page says so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where Hangfire keeps queues, schedules and run history. <c>Database</c>: beside the app's database
    /// (the SQLite default: <c>hangfire.db</c> in the data folder). <c>InMemory</c>: nothing survives a restart
    /// (for trying things out and for tests that are not about persistence).
    /// </summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Database;

    /// <summary>How often an idle worker asks the SQLite storage for queued runs (its default of 15 s makes "Run now" feel broken).</summary>
    [Range(50, 60_000)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Runs one instance executes at the same time (different jobs; the same job never runs twice at once).</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>Days a finished run stays in the history (Hangfire's default of one day is too short for a weekly job).</summary>
    [Range(1, 3650)]
    public int HistoryDays { get; set; } = 30;

    /// <summary>How many times a run that failed for a passing reason (database busy, embedder unreachable) is tried again, with growing delays.</summary>
    [Range(0, 20)]
    public int TransientRetries { get; set; } = 5;

    /// <summary>The first retry's delay; each further retry waits four times longer (at most a day).</summary>
    [Range(1, 3600)]
    public int TransientRetryDelaySeconds { get; set; } = 15;

    /// <summary>Passages embedded and committed together by the re-embedding job (a cancelled run loses at most one batch).</summary>
    [Range(1, 10_000)]
    public int ReembedBatchSize { get; set; } = 256;

    /// <summary>Days the analytics roll-up computes again on every run (a conversation can still change in its first days: closed, rated).</summary>
    [Range(1, 366)]
    public int RollupRecentDays { get; set; } = 7;

    /// <summary>Days back the roll-up fills in when it finds no stored day (its first run).</summary>
    [Range(1, 3660)]
    public int RollupBackfillDays { get; set; } = 90;

    /// <summary>How many of the most frequent recent customer questions the answer-cache warm-up answers in advance.</summary>
    [Range(0, 1000)]
    public int WarmUpQuestions { get; set; } = 50;

    /// <summary>How long the knowledge base must stay unchanged after a change before the answer-cache warm-up runs (0: only on its schedule).</summary>
    [Range(0, 86_400)]
    public int WarmUpAfterChangeSeconds { get; set; } = 30;

    /// <summary>How far back the warm-up looks for frequent questions, in days.</summary>
    [Range(1, 366)]
    public int WarmUpLookbackDays { get; set; } = 7;
}

/// <summary>Where Hangfire's state lives.</summary>
public enum JobStorageKind
{
    /// <summary>Follows the app's database provider (SQLite today: a <c>hangfire.db</c> file beside the app's database).</summary>
    Database,

    /// <summary>In memory: lost at every restart; one instance only.</summary>
    InMemory,
}
