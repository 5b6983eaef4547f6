using QwenHelp.Infrastructure.Widget;

namespace QwenHelp.Web.Widget;

/// <summary>
/// The widget page (/widget?site=KEY) only for a known, enabled site, and only framed by that site's
/// origins (CSP frame-ancestors) or by this server's own pages. An unknown site gets a bare 404.
/// Every other page may be framed by this server's own pages only (no clickjacking of the admin portal).
/// </summary>
public sealed class WidgetFrameGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, WidgetSiteService sites)
    {
        if (!context.Request.Path.Equals("/widget", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'self'";
            // For browsers without CSP level 2; /widget leaves it out, since it would forbid the shops' own pages.
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            await next(context);
            return;
        }

        var key = context.Request.Query["site"].ToString();
        var site = await sites.FindEnabledAsync(string.IsNullOrEmpty(key) ? WidgetSiteService.DemoSiteKey : key, context.RequestAborted);
        if (site is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'self'" + string.Concat(site.AllowedOrigins.Select(o => " " + o));
        await next(context);
    }
}
