namespace QwenHelp.Infrastructure.Persistence.Tables;

// Rows of the background-job tables (Jobs/JobStore.cs writes them with SQL of its own).

/// <summary>A job's cron (Quartz syntax, UTC) and whether it is paused (<c>job_schedules</c>).</summary>
public sealed class JobScheduleRow
{
    public required string JobKey { get; set; }

    public required string Cron { get; set; }

    public int Paused { get; set; }

    public long CreatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>One run of a job (<c>job_runs</c>): 'running' while it runs, then its outcome.</summary>
public sealed class JobRunRow
{
    public long Id { get; set; }

    public required string JobKey { get; set; }

    /// <summary>'scheduled', 'manual' or 'catch-up'.</summary>
    public required string TriggerKind { get; set; }

    public string? RequestedBy { get; set; }

    public long StartedAt { get; set; }

    public long? FinishedAt { get; set; }

    public long? DurationMs { get; set; }

    /// <summary>'running', 'ok', 'failed', 'cancelled' or 'interrupted'.</summary>
    public required string Outcome { get; set; }

    public string? Summary { get; set; }

    public string? Error { get; set; }

    public long? ProgressDone { get; set; }

    public long? ProgressTotal { get; set; }

    public string? ProgressStage { get; set; }
}

/// <summary>A checkpoint that lets a job killed half-way continue (<c>job_state</c>).</summary>
public sealed class JobStateRow
{
    public required string JobKey { get; set; }

    public required string Name { get; set; }

    public required string Value { get; set; }

    public long UpdatedAt { get; set; }
}
