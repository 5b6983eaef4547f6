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
        return builder;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
