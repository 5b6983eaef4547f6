using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QwenHelp.Infrastructure.Analytics;

public static class AnalyticsSetup
{
    /// <summary>The analytics figures (one query service over the stored conversations). Areas that need them call this too; once is enough.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(AnalyticsService)))
        {
            return builder;
        }

        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AnalyticsRollups>();
        builder.Services.AddSingleton<AnalyticsService>();
        return builder;
    }
}
