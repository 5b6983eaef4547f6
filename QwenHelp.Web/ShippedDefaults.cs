using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace QwenHelp.Web;

public static class ShippedDefaults
{
    /// <summary>
    /// The shipped defaults (appsettings.json) live at the repository root and are copied beside
    /// the binary. When the content root has no appsettings.json of its own (the app was started
    /// from another folder), read the copy beside the binary, at the same low precedence: the
    /// environment variables and command line still override it.
    /// </summary>
    public static WebApplicationBuilder AddShippedDefaults(this WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json"))
            || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var first = sources.OfType<JsonConfigurationSource>().FirstOrDefault();
        var position = first is null ? 0 : sources.IndexOf(first);
        sources.Insert(position, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
        });
        return builder;
    }
}
