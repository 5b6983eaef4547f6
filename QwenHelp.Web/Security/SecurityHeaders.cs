using Microsoft.AspNetCore.Antiforgery;

namespace QwenHelp.Web.Security;

/// <summary>
/// The response headers every page and API answer carries: no MIME sniffing, no full URLs in the
/// Referer sent to other sites, HSTS over HTTPS, and the anti-forgery cookie Secure over HTTPS.
/// Framing is <see cref="Widget.WidgetFrameGuard"/>'s: CSP frame-ancestors everywhere, and
/// X-Frame-Options only outside /widget (where it would forbid the sites the widget is embedded in).
/// </summary>
public static class SecurityHeaders
{
    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AntiforgeryOptions>(options =>
        {
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The frame guard sends X-Frame-Options itself, except on /widget.
            options.SuppressXFrameOptionsHeader = true;
        });
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Only over HTTPS, and never for localhost (HstsOptions.ExcludedHosts): a developer's browser is not pinned.
        app.UseHsts();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return next(context);
        });
        return app;
    }
}
