using Hangfire;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// A job's checkpoint values (the answer-cache warm-up's last warmed knowledge version, for one),
/// kept in Hangfire's storage beside the job's runs so they survive restarts and are shared by instances.
/// </summary>
public sealed class JobCheckpoints(JobStorage storage)
{
    /// <summary>A job's checkpoint value, or null.</summary>
    public Task<string?> GetAsync(string jobKey, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = storage.GetConnection();
        return Task.FromResult(connection.GetAllEntriesFromHash(JobStorageKeys.Checkpoints(jobKey))?.GetValueOrDefault(name));
    }

    /// <summary>Sets (or with null, clears) a job's checkpoint value.</summary>
    public Task SetAsync(string jobKey, string name, string? value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        var key = JobStorageKeys.Checkpoints(jobKey);
        if (value is null)
        {
            // Hangfire has no "remove one field": write the hash back without it.
            var all = connection.GetAllEntriesFromHash(key) ?? [];
            all.Remove(name);
            transaction.RemoveHash(key);
            if (all.Count > 0)
            {
                transaction.SetRangeInHash(key, all);
            }
        }
        else
        {
            transaction.SetRangeInHash(key, [new KeyValuePair<string, string>(name, value)]);
        }

        transaction.Commit();
        return Task.CompletedTask;
    }
}
