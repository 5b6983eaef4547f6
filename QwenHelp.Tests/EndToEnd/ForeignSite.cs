using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>A company's own website on another origin (another port): one static page with the widget's script tag.</summary>
public sealed class ForeignSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ForeignSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    public Uri Origin { get; }

    /// <summary>The origin as browsers send it: scheme://host:port.</summary>
    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<ForeignSite> StartAsync(Uri widgetHost, string siteKey, string extraAttributes = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Another shop</title>
            <link rel="icon" href="data:,">
            <style>button { color: rgb(255, 0, 0); } body { font-family: serif; }</style></head>
            <body>
              <h1>Another shop</h1>
              <button id="host-button">The shop's own button</button>
              <script src="{{widgetHost}}widget.js" data-site="{{siteKey}}" data-lang="en" data-position="right" data-color="#0a7c42" {{extraAttributes}} async></script>
            </body></html>
            """;
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ForeignSite(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
