namespace QwenHelp.Infrastructure.Jobs;

/// <summary>Every registered <see cref="IBackgroundJob"/> by key, checked once: kebab-case keys, no two alike, valid default schedules.</summary>
public sealed class JobCatalog
{
    private readonly SortedDictionary<string, IBackgroundJob> _jobs = new(StringComparer.Ordinal);

    public JobCatalog(IEnumerable<IBackgroundJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            if (!JobKeys.IsValid(job.Key))
            {
                throw new InvalidOperationException($"Background job {job.GetType().Name} has the key '{job.Key}'; keys are kebab-case (a-z, 0-9, '-').");
            }

            if (!_jobs.TryAdd(job.Key, job))
            {
                throw new InvalidOperationException($"Two background jobs have the key '{job.Key}' ({_jobs[job.Key].GetType().Name} and {job.GetType().Name}).");
            }

            if (JobCron.Check(job.DefaultCron) is { } problem)
            {
                throw new InvalidOperationException($"Background job '{job.Key}' has an invalid default schedule '{job.DefaultCron}': {problem}");
            }
        }
    }

    /// <summary>The jobs, ordered by key.</summary>
    public IEnumerable<IBackgroundJob> All => _jobs.Values;

    public IBackgroundJob? Find(string jobKey) => _jobs.GetValueOrDefault(jobKey);
}
