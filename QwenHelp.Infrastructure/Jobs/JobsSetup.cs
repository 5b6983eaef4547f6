using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire (storage, server, the one runner) and QwenHelp's own jobs. Any <see cref="IBackgroundJob"/>
    /// registered with <c>services.AddSingleton&lt;IBackgroundJob, XJob&gt;()</c> (here or elsewhere) is scheduled.
    /// </summary>
    /// <remarks>
    /// Hangfire's storage, activator and filters are registered per host rather than through its static
    /// <c>GlobalConfiguration</c>: several hosts in one process (the tests) must not share them. Its
    /// logging cannot be per host (<see cref="HangfireLogBridge"/>).
    /// </remarks>
    public static IHostApplicationBuilder AddBackgroundJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            // Hangfire's server resolves its storage while the host is built, before start-up validation runs:
            // check the database settings first, so a wrong provider or connection string stops the app
            // with its own message and no storage file is made.
            _ = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return JobStorageFactory.Create(provider.GetRequiredService<IOptions<JobsOptions>>().Value, provider.GetRequiredService<DataPaths>());
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobRetryPolicy>();
        // Instead of Hangfire's global filters: our retry judgement replaces AutomaticRetry; the dashboard's graphs keep their statistics.
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection(
            new JobFilterAttributeFilterProvider(),
            new JobFilterCollection { provider.GetRequiredService<JobRetryPolicy>(), new StatisticsHistoryAttribute() }));
        services.AddHangfire((provider, configuration) =>
            configuration.UseLogProvider(HangfireLogBridge.Attach(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));

        if (builder.Configuration.GetValue<bool?>(JobsOptions.Section + ":" + nameof(JobsOptions.Enabled)) != false)
        {
            services.AddHangfireServer((provider, server) =>
            {
                var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds);
                // A Stop pressed on another instance reaches the run within a second.
                server.CancellationCheckInterval = TimeSpan.FromSeconds(1);
            });
        }

        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobRuns>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobSchedules>();
        services.AddSingleton<JobRunHistory>();
        services.AddSingleton<JobCheckpoints>();
        services.AddSingleton<LegacyJobTables>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService<JobsStartup>();

        services.AddSingleton<IBackgroundJob, ReembeddingJob>();
        services.AddSingleton<IBackgroundJob, IndexUpkeepJob>();
        services.AddSingleton<AnswerCacheWarmupJob>();
        services.AddSingleton<IBackgroundJob>(provider => provider.GetRequiredService<AnswerCacheWarmupJob>());
        services.AddHostedService<KnowledgeChangeWarmup>();
        services.AddSingleton<AnalyticsRollupJob>();
        services.AddSingleton<IBackgroundJob>(provider => provider.GetRequiredService<AnalyticsRollupJob>());
        return builder;
    }
}
