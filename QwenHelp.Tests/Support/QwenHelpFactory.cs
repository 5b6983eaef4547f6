using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Tests.Support;

/// <summary>
/// The whole app on a TestServer, over a real SQLite file in a fresh data folder, seeded with the
/// demo knowledge base. One per test class (xUnit class fixture).
/// </summary>
public class QwenHelpFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Test-Admin-Pass1";

    private readonly TempDataFolder _data = new();

    public string DataFolder => _data.Path;

    public string DatabaseFile => _data.DatabaseFile;

    /// <summary>Extra settings a derived fixture needs (e.g. seeding off).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("QwenHelp:Storage:DataFolder", _data.Path);
        builder.UseSetting("QwenHelp:Admin:UserName", AdminUser);
        builder.UseSetting("QwenHelp:Admin:Password", AdminPassword);
        // Tests that are not about the answer-cache warm-up do not get one 30 s after their FAQ edits.
        builder.UseSetting("QwenHelp:Jobs:WarmUpAfterChangeSeconds", "0");
        // Tests that are not about the bundled MiniLM embedder keep the configured embedder (by default the deterministic built-in one) for both
        // languages, as their expectations were written for it; BundledEmbedderFactory runs the shipped default.
        builder.UseSetting("QwenHelp:Embeddings:English", "Configured");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    private string? _apiKey;

    /// <summary>An API key (made once per factory) for the OpenAI-compatible endpoints.</summary>
    public string ApiKey => _apiKey ??= GetService<Infrastructure.ApiAccess.ApiKeyService>().CreateAsync("tests", "tests").GetAwaiter().GetResult().Secret;

    /// <summary>A client that sends <see cref="ApiKey"/> as its bearer token.</summary>
    public HttpClient CreateApiKeyClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
