using Microsoft.AspNetCore.Cors.Infrastructure;
using QwenHelp.Infrastructure.Widget;

namespace QwenHelp.Web.Widget;

/// <summary>CORS for the public API: an origin is allowed when an enabled widget site lists it; any other origin gets no CORS headers.</summary>
public sealed class WidgetSiteCorsPolicyProvider(WidgetSiteService sites) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != WidgetEmbedding.CorsPolicy)
        {
            return null;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!await sites.IsOriginAllowedAsync(origin, context.RequestAborted))
        {
            return new CorsPolicyBuilder().Build(); // allows nothing
        }

        return new CorsPolicyBuilder()
            .WithOrigins(origin)
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Authorization", "X-Visitor-Token")
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();
    }
}
