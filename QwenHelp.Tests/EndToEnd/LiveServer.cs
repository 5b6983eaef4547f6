using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// The app on a real Kestrel port (a browser cannot reach a TestServer) plus one headless
/// Debian chromium, shared by the end-to-end tests of one collection.
/// </summary>
public sealed class LiveServer : QwenHelpFactory, IAsyncLifetime
{
    private IHost? _kestrelHost;

    public IBrowser Browser { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The services of the app the browser talks to.</summary>
    public IServiceProvider LiveServices => _kestrelHost!.Services;

    public async Task InitializeAsync()
    {
        _ = Server; // builds the hosts (see CreateHost)
        // A 2-core CI machine running the whole suite can be slow; waiting longer never hides a wrong result.
        Assertions.SetDefaultExpectTimeout(15_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserPath,
            Headless = true,
            // Root in a container needs --no-sandbox; the rest keep chromium off the (closed) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Playwright.Dispose();
            Browser = null!;
        }

        if (_kestrelHost is not null)
        {
            await _kestrelHost.StopAsync();
            _kestrelHost.Dispose();
            _kestrelHost = null;
        }

        await base.DisposeAsync();
    }

    public static string BrowserPath => Environment.GetEnvironmentVariable("QWENHELP_CHROMIUM") ?? "/usr/bin/chromium";

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // WebApplicationFactory insists on a TestServer host; build it but never start it, and
        // run the one real app on Kestrel from the same builder (a known pattern for browser tests).
        var testHost = builder.Build();
        builder.ConfigureWebHost(web => web.UseKestrel().UseUrls("http://127.0.0.1:0"));
        _kestrelHost = builder.Build();
        _kestrelHost.Start();
        var addresses = _kestrelHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
        return testHost;
    }
}

[CollectionDefinition(Name)]
public sealed class LiveServerGroup : ICollectionFixture<LiveServer>
{
    public const string Name = "live server";
}
