using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Startup;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>Once the database is migrated: carries the Quartz-era tables over (once) and puts every job's schedule into Hangfire.</summary>
public sealed partial class JobsStartup(StartupReadiness readiness, LegacyJobTables legacy, JobSchedules schedules, IOptions<JobsOptions> options,
    ILogger<JobsStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await readiness.WhenReadyAsync(stoppingToken);
        IReadOnlyDictionary<string, JobSchedule>? carried = null;
        try
        {
            carried = await legacy.CarryOverAsync(stoppingToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // Another instance starting at the same moment may be carrying the tables over; the jobs must run regardless.
            LogCarryOverFailed(e);
        }

        await schedules.EnsureAsync(carried, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Quartz-era job tables could not be carried over to Hangfire; the jobs start with their default schedules")]
    private partial void LogCarryOverFailed(Exception exception);
}
