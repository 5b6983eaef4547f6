using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Tests.Support;

/// <summary>The whole app over a data folder the test chooses (so a second app can start on the same database), with extra settings.</summary>
public sealed class DataFolderAppFactory(string dataFolder, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("QwenHelp:Storage:DataFolder", dataFolder);
        builder.UseSetting("QwenHelp:Admin:Password", "Test-Admin-Pass1");
        // Tests that are not about the bundled MiniLM embedder keep the configured embedder (by default the deterministic built-in one) for both
        // languages, as their expectations were written for it; BundledEmbedderFactory runs the shipped default.
        builder.UseSetting("QwenHelp:Embeddings:English", "Configured");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public string DatabaseFile => Path.Combine(dataFolder, "qwenhelp.db");
}
