using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Each job's schedule as an admin set it (cron, paused, who, when), kept in a Hangfire hash, and the
/// Hangfire recurring job derived from it: present with the cron while active, removed while paused
/// (Hangfire 1.8 has no pause). Hangfire's recurring scheduler does the rest: a time missed while no
/// instance was up fires once when one is (misfire handling "relaxed"), and only one instance fires it.
/// </summary>
public sealed class JobSchedules(JobCatalog catalog, JobStorage storage, IRecurringJobManager recurring, TimeProvider clock)
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether <see cref="EnsureAsync"/> has run in this process.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Completes once <see cref="EnsureAsync"/> has run: a "run now" asked during start-up waits for it.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Gives every job seen for the first time its default schedule (or <paramref name="carried"/>'s), and brings the recurring jobs in line.</summary>
    public Task EnsureAsync(IReadOnlyDictionary<string, JobSchedule>? carried, CancellationToken cancellationToken)
    {
        var stored = Read();
        foreach (var job in catalog.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!stored.TryGetValue(job.Key, out var schedule))
            {
                schedule = carried?.GetValueOrDefault(job.Key) ?? new JobSchedule(job.Key, job.DefaultCron, false, "system", clock.GetUtcNow());
                Write(schedule);
            }

            Apply(schedule);
        }

        _ready.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, JobSchedule>> GetAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyDictionary<string, JobSchedule>>(Read());
    }

    /// <summary>Changes the cron and/or the paused flag (null: unchanged) and applies it.</summary>
    public Task SetAsync(string jobKey, string? cron, bool? paused, string actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var job = catalog.Find(jobKey) ?? throw new ArgumentException($"There is no job '{jobKey}'.", nameof(jobKey));
        var current = Read().GetValueOrDefault(jobKey) ?? new JobSchedule(jobKey, job.DefaultCron, false, actor, clock.GetUtcNow());
        var schedule = current with { Cron = cron ?? current.Cron, Paused = paused ?? current.Paused, UpdatedBy = actor, UpdatedAt = clock.GetUtcNow() };
        Write(schedule);
        Apply(schedule);
        return Task.CompletedTask;
    }

    /// <summary>When each active job fires next, as Hangfire's recurring scheduler has it.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> GetNextRuns()
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs(catalog.All.Select(j => j.Key))
            .Where(r => r.NextExecution is not null && !r.Removed)
            .ToDictionary(r => r.Id, r => new DateTimeOffset(DateTime.SpecifyKind(r.NextExecution!.Value, DateTimeKind.Utc)), StringComparer.Ordinal);
    }

    private void Apply(JobSchedule schedule)
    {
        if (schedule.Paused)
        {
            recurring.RemoveIfExists(schedule.JobKey);
            return;
        }

        var key = schedule.JobKey;
        recurring.AddOrUpdate(key, Job.FromExpression<JobRunner>(r => r.RunAsync(key, null, null, CancellationToken.None)), schedule.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
    }

    private Dictionary<string, JobSchedule> Read()
    {
        using var connection = storage.GetConnection();
        var result = new Dictionary<string, JobSchedule>(StringComparer.Ordinal);
        foreach (var job in catalog.All)
        {
            var hash = connection.GetAllEntriesFromHash(JobStorageKeys.Schedule(job.Key));
            if (hash is not null && hash.TryGetValue("cron", out var cron))
            {
                result[job.Key] = new JobSchedule(job.Key, cron, hash.GetValueOrDefault("paused") == "true", hash.GetValueOrDefault("updatedBy") ?? "system",
                    long.TryParse(hash.GetValueOrDefault("updatedAt"), CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : clock.GetUtcNow());
            }
        }

        return result;
    }

    private void Write(JobSchedule schedule)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(JobStorageKeys.Schedule(schedule.JobKey),
        [
            new("cron", schedule.Cron),
            new("paused", schedule.Paused ? "true" : "false"),
            new("updatedBy", schedule.UpdatedBy),
            new("updatedAt", schedule.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        ]);
    }
}

/// <summary>A job's schedule as an admin set it.</summary>
public sealed record JobSchedule(string JobKey, string Cron, bool Paused, string UpdatedBy, DateTimeOffset UpdatedAt);
