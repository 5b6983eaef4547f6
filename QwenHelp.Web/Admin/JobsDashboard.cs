using Hangfire;
using Hangfire.Dashboard;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Web.Security;

namespace QwenHelp.Web.Admin;

/// <summary>
/// Hangfire's own dashboard at <c>/admin/hangfire</c>, for operators: admins only. An anonymous
/// visitor is sent to the login page (the staff policy's challenge); a signed-in agent passes that
/// policy and is refused with 403 by the dashboard's own check; only admins may change anything.
/// The Jobs page stays the product's face; this is the view under the hood.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/admin/hangfire";

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints) => endpoints
        .MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "QwenHelp · Hangfire",
            AppPath = "/admin/jobs",
            DisplayStorageConnectionString = false,
            Authorization = [new AdminsOnly()],
            IsReadOnlyFunc = context => !IsAdmin(context),
        })
        .RequireAuthorization(StaffPolicies.Agent);

    private static bool IsAdmin(DashboardContext context) => context.GetHttpContext().User.IsInRole(StaffRoles.Admin);

    private sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => IsAdmin(context);
    }
}
