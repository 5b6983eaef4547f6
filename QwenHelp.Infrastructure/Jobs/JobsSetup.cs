using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QwenHelp.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// The background job scheduler and QwenHelp's own jobs. Any <see cref="IBackgroundJob"/>
    /// registered with <c>services.AddSingleton&lt;IBackgroundJob, XJob&gt;()</c> (here or elsewhere) is scheduled.
    /// </summary>
    public static IHostApplicationBuilder AddBackgroundJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<JobScheduler>());

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
