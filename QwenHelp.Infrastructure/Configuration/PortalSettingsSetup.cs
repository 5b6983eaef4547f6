using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Configuration;

public static class PortalSettingsSetup
{
    /// <summary>
    /// Reads the settings saved from the admin portal (<see cref="PortalSettingsFile"/>) as configuration.
    /// Call it before the areas that read configuration while registering services (AddInference
    /// chooses the backend from it).
    /// </summary>
    public static IHostApplicationBuilder AddPortalSettings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var folder = Path.GetFullPath(storage.DataFolder, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);

        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(folder),
            Path = PortalSettingsFile.FileName,
            Optional = true,
            // Saving reloads the configuration itself (ModelSettingsService): no file watcher needed.
            ReloadOnChange = false,
        };
        var sources = builder.Configuration.Sources;
        var lastJson = sources.LastOrDefault(s => s is JsonConfigurationSource);
        sources.Insert(lastJson is null ? 0 : sources.IndexOf(lastJson) + 1, source);

        builder.Services.AddSingleton(new PortalSettingsFile(Path.Combine(folder, PortalSettingsFile.FileName), source));
        builder.Services.AddSingleton<ModelSettingsService>();
        return builder;
    }
}
