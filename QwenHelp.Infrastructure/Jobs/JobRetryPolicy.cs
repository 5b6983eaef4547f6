using System.Globalization;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Hangfire state filter, in place of its <c>AutomaticRetry</c> (which retries every failure ten
/// times): a run that failed for a passing reason (<see cref="JobFailures.IsTransient"/>) is
/// scheduled again after 1, 4, 16... times <see cref="JobsOptions.TransientRetryDelaySeconds"/>,
/// at most <see cref="JobsOptions.TransientRetries"/> times; any other failure stays failed, with its
/// reason, until an admin runs the job again. Also keeps finished runs for
/// <see cref="JobsOptions.HistoryDays"/> instead of Hangfire's one day.
/// </summary>
public sealed class JobRetryPolicy(IOptions<JobsOptions> options) : IElectStateFilter, IApplyStateFilter
{
    public const string AttemptParameter = "RetryCount";

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is not FailedState failed)
        {
            return;
        }

        var settings = options.Value;
        if (!JobFailures.IsTransient(failed.Exception))
        {
            failed.Reason = "Not tried again: retrying cannot fix this";
            return;
        }

        var attempt = context.GetJobParameter<int>(AttemptParameter) + 1;
        if (attempt > settings.TransientRetries)
        {
            failed.Reason = string.Create(CultureInfo.InvariantCulture, $"Still failing after {settings.TransientRetries} retries; not tried again");
            return;
        }

        context.SetJobParameter(AttemptParameter, attempt);
        var delay = RetryDelay(settings.TransientRetryDelaySeconds, attempt);
        context.CandidateState = new ScheduledState(delay)
        {
            Reason = string.Create(CultureInfo.InvariantCulture,
                $"Retry {attempt} of {settings.TransientRetries} in {delay.TotalSeconds:0} s: {failed.Exception.Message}"),
        };
    }

    /// <summary>1, 4, 16, 64... times the base delay, at most a day.</summary>
    public static TimeSpan RetryDelay(int baseSeconds, int attempt) =>
        TimeSpan.FromSeconds(Math.Min(86_400, baseSeconds * Math.Pow(4, Math.Max(0, attempt - 1))));

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.JobExpirationTimeout = TimeSpan.FromDays(options.Value.HistoryDays);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
