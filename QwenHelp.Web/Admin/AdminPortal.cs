using QwenHelp.Infrastructure.Analytics;

namespace QwenHelp.Web.Admin;

/// <summary>
/// The admin portal's back office: analytics, conversation review and correction, the knowledge
/// editor's versions and re-indexing, and the search playground (the pages are under
/// Components/Pages/Admin; the downloads they link to are mapped here).
/// </summary>
public static class AdminPortal
{
    public static WebApplicationBuilder AddAdminPortal(this WebApplicationBuilder builder)
    {
        builder.AddAnalytics();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminPortalApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
