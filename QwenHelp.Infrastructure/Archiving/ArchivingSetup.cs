using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Archiving;

public static class ArchivingSetup
{
    /// <summary>Log archiving (retention, archive files, restore) and its background job.</summary>
    public static IHostApplicationBuilder AddConversationArchiving(this IHostApplicationBuilder builder)
    {
        // An archiving run stores the analytics days it is about to empty (AnalyticsService).
        builder.AddAnalytics();
        var services = builder.Services;
        services.AddOptions<ArchivingOptions>().BindConfiguration(ArchivingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionSettingsService>();
        services.AddSingleton<ArchiveLock>();
        services.TryAddSingleton<IArchiveRunObserver, NoArchiveRunObserver>();
        services.AddSingleton<ConversationArchiver>();
        services.AddSingleton<ArchiveRestorer>();
        services.AddSingleton<ArchiveCatalog>();
        services.AddSingleton<ArchiveOperations>();
        services.AddHostedService(provider => provider.GetRequiredService<ArchiveOperations>());
        services.AddSingleton<IBackgroundJob, ArchiveConversationsJob>();
        return builder;
    }
}
