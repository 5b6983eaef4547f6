using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>The background jobs' settings. Bound from <c>QwenHelp:Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "QwenHelp:Jobs";

    /// <summary>Off: no job runs, on schedule or on demand (the Jobs page says so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after start-up a run missed while the app was down is made up (once).</summary>
    [Range(0, 3600)]
    public int CatchUpDelaySeconds { get; set; } = 60;

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
