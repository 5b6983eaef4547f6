using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Seeding;
using QwenHelp.Infrastructure.Widget;

namespace QwenHelp.Infrastructure.Startup;

/// <summary>
/// Prepares the data before the web server takes requests (the "starting" phase runs before any
/// hosted service starts, the server included): migrate the schema, create the first admin,
/// seed the demo data, and make sure the keyword index matches the tables.
/// </summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, DataPaths paths, StartupReadiness readiness) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.DataFolder);
        using var exclusive = await DataFolderLock.AcquireAsync(Path.Combine(paths.DataFolder, ".startup.lock"), TimeSpan.FromMinutes(5), cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await services.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(cancellationToken);
        await services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(cancellationToken);
        await services.GetRequiredService<WidgetSiteService>().EnsureDemoSiteAsync(cancellationToken);
        await services.GetRequiredService<KeywordIndexMaintenance>().EnsureConsistentAsync(cancellationToken);
        readiness.MarkReady();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
