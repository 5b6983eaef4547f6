using System.Globalization;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Analytics;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Stores the analytics figures of each finished day (docs/decisions/0062): the last
/// <see cref="JobsOptions.RollupRecentDays"/> days again on every run (their conversations may still
/// be closed or rated), and any earlier day of the last <see cref="JobsOptions.RollupBackfillDays"/>
/// that has no roll-up yet. Idempotent: a run only ever replaces a day with its recomputed figures.
/// </summary>
public sealed class AnalyticsRollupJob(AnalyticsService analytics, AnalyticsRollups rollups, IOptions<AnalyticsOptions> analyticsOptions,
    IOptions<JobsOptions> options, TimeProvider clock) : IBackgroundJob
{
    public const string JobKey = "analytics-rollup";

    public string Key => JobKey;

    public string DefaultCron => "0 10 0 * * ?";

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var zone = analyticsOptions.Value.TimeZone;
        var yesterday = CalendarDays.Today(clock, analyticsOptions.Value.FindTimeZone()).AddDays(-1);
        var backfillFrom = yesterday.AddDays(1 - options.Value.RollupBackfillDays);
        var recentFrom = yesterday.AddDays(1 - options.Value.RollupRecentDays);
        var stored = await rollups.ReadAsync(backfillFrom, yesterday, zone, cancellationToken);
        var days = new List<DateOnly>();
        for (var day = backfillFrom; day <= yesterday; day = day.AddDays(1))
        {
            if (day >= recentFrom || !stored.ContainsKey(day))
            {
                days.Add(day);
            }
        }

        // Contiguous stretches, a month at most each: one query per stretch, progress between them.
        var done = 0;
        context.Report(0, days.Count, "days");
        foreach (var stretch in Stretches(days, 31))
        {
            done += await analytics.RecomputeDaysAsync(stretch.From, stretch.To, cancellationToken);
            context.Report(done, days.Count, "days");
        }

        return new JobOutcome(days.Count == 0
            ? "Nothing to do"
            : string.Create(CultureInfo.InvariantCulture, $"Rolled up {done} days ({days[0]:yyyy-MM-dd} to {days[^1]:yyyy-MM-dd}, {zone})"));
    }

    /// <summary>Recomputes and stores the days of a range (the Jobs page's "recompute from/to").</summary>
    public Task<int> RecomputeAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken) => analytics.RecomputeDaysAsync(from, to, cancellationToken);

    private static IEnumerable<(DateOnly From, DateOnly To)> Stretches(List<DateOnly> days, int maxLength)
    {
        var i = 0;
        while (i < days.Count)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1] == days[j].AddDays(1) && j + 1 - i < maxLength)
            {
                j++;
            }

            yield return (days[i], days[j]);
            i = j + 1;
        }
    }
}
