using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.ApiAccess;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Chat;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.ScaleOut;
using QwenHelp.Infrastructure.Seeding;
using QwenHelp.Infrastructure.Startup;
using QwenHelp.Infrastructure.Widget;

namespace QwenHelp.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Storage, chat and start-up preparation (search and knowledge: <c>AddRetrieval</c>).</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SeedingOptions>().BindConfiguration(SeedingOptions.Section);
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminBootstrapOptions>().BindConfiguration(AdminBootstrapOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddDatabase();
        services.AddSingleton<StartupReadiness>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddSingleton<KnowledgeBaseVersion>();
        // Search, knowledge services and the retrieval engine: AddRetrieval (Search/RetrievalDependencyInjection.cs).
        services.AddSingleton<DemoDataSeeder>();

        services.AddScoped<AdminBootstrapper>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<WidgetSiteService>();
        services.AddSingleton<ApiKeyService>();
        services.AddScaleOut(builder.Configuration);
        return builder;
    }
}
