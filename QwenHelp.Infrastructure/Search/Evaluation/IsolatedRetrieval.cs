using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// The app's retrieval engine, configured as the app is (appsettings.json, environment, command
/// line: the same embedder and ranking settings), over a fresh database in a temporary folder that is
/// deleted afterwards: measurements never touch the app's own data. Nothing is started (no web
/// server, no seeding, no admin account); the schema is migrated and the services are ready.
/// </summary>
public sealed class IsolatedRetrieval : IAsyncDisposable
{
    private readonly IHost _host;

    private IsolatedRetrieval(IHost host, string folder)
    {
        _host = host;
        Folder = folder;
    }

    /// <summary>The temporary data folder (deleted on dispose).</summary>
    public string Folder { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <param name="settings">Settings that override the configuration (<c>QwenHelp:Embeddings:Provider</c>…).</param>
    /// <param name="configure">Changes to the services after the engine's own (tests swap a part here).</param>
    public static async Task<IsolatedRetrieval> CreateAsync(IReadOnlyDictionary<string, string?>? settings, Action<IHostApplicationBuilder>? configure,
        CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "qwenhelp-isolated", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = false,
        });

        // The shipped defaults beside the binary, when the working folder has no appsettings.json of its own.
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) && File.Exists(shipped))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
            {
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
                Path = "appsettings.json",
                Optional = true,
            });
        }

        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [StorageOptions.Section + ":DataFolder"] = folder,
            [StorageOptions.Section + ":DatabaseFile"] = "isolated.db",
            ["QwenHelp:Seeding:DemoData"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.AddInfrastructure();
        builder.AddRetrieval();
        configure?.Invoke(builder);

        var host = builder.Build();
        var isolated = new IsolatedRetrieval(host, folder);
        try
        {
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            return isolated;
        }
        catch
        {
            await isolated.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }
}
