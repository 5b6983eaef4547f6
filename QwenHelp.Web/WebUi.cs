using QwenHelp.Web.Components;
using QwenHelp.Web.Localization;
using Radzen;

namespace QwenHelp.Web;

public static class WebUi
{
    /// <summary>Blazor Server (interactive server render mode), Radzen components and the UI language.</summary>
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
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
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
