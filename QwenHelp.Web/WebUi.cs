using QwenHelp.Web.Components;
using QwenHelp.Web.Localization;
using Radzen;

namespace QwenHelp.Web;

public static class WebUi
{
    /// <summary>
    /// The largest message a browser may send over any circuit, the customer widget's included. The
    /// biggest field sent in one message is an FAQ answer (8,000 characters, up to 24 KB of UTF-8);
    /// twice that leaves room for JSON escaping. The knowledge editor streams its text in chunks instead
    /// (docs/decisions/0068).
    /// </summary>
    public const long MaxCircuitMessageBytes = 64 * 1024;

    /// <summary>Blazor Server (interactive server render mode), Radzen components and the UI language.</summary>
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        builder.Services.AddRadzenComponents();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<UiLanguage>();
        builder.Services.AddScoped<Components.Pages.Widget.WidgetSession>();
        return builder;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        // Blazor's own frame-ancestors 'self' header would stop the widget from being framed by the
        // allowed sites; WidgetFrameGuard sets frame-ancestors for every page instead (the sites' origins on /widget, 'self' elsewhere).
        // No WebSocket compression: its zlib state (about 300 KB of native memory per connection, kept while
        // the connection is open) was most of an idle widget's cost, and compressing pages framed by other
        // sites invites compression side channels (docs/decisions/0043).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            options.ContentSecurityFrameAncestorsPolicy = null;
            options.DisableWebSocketCompression = true;
        });
        return app;
    }
}
