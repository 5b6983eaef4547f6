using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>A company's own website on another origin (another port): one static page with the widget's script tag.</summary>
public sealed class ForeignSite : IAsyncDisposable
{
    private readonly LocalHttpServer _server;

    private ForeignSite(LocalHttpServer server) => _server = server;

    public Uri Origin => _server.Address;

    /// <summary>The origin as browsers send it: scheme://host:port.</summary>
    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<ForeignSite> StartAsync(Uri widgetHost, string siteKey, string extraAttributes = "")
    {
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
        return new ForeignSite(await LocalHttpServer.StartAsync(app => app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"))));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
