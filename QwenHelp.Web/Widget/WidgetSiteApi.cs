using Microsoft.AspNetCore.Http.HttpResults;
using QwenHelp.Infrastructure.Widget;

namespace QwenHelp.Web.Widget;

/// <summary>The public configuration widget.js reads before it shows anything.</summary>
public static class WidgetSiteApi
{
    public static IEndpointRouteBuilder MapWidgetSiteApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/widget/sites/{key}", GetAsync).RequireCors(WidgetEmbedding.CorsPolicy);
        return endpoints;
    }

    /// <summary>
    /// 404 for an unknown key or an origin the site does not allow: the loader then adds nothing to the page.
    /// Browsers send no Origin on a same-origin GET; a request without one is this server's own page (or not a browser, which CORS does not concern).
    /// </summary>
    public static async Task<Results<Ok<WidgetSiteConfig>, NotFound>> GetAsync(string key, HttpContext context, WidgetSiteService sites)
    {
        var site = await sites.FindEnabledAsync(key, context.RequestAborted);
        var origin = context.Request.Headers.Origin.ToString();
        if (site is null || !(string.IsNullOrEmpty(origin) || WidgetEmbedding.IsSameOrigin(context.Request, origin) || site.AllowedOrigins.Contains(Domain.Widget.WebOrigin.Normalize(origin) ?? "")))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new WidgetSiteConfig(site.Key, site.Name, site.Color, site.Position,
            new WidgetGreeting(site.GreetingEnabled, site.GreetingDelaySeconds, site.GreetingPages)));
    }
}

public sealed record WidgetSiteConfig(string Key, string Name, string Color, string Position, WidgetGreeting Greeting);

public sealed record WidgetGreeting(bool Enabled, int DelaySeconds, IReadOnlyList<string> Pages);
