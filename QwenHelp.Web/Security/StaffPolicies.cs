using QwenHelp.Infrastructure.Identity;

namespace QwenHelp.Web.Security;

/// <summary>Authorization policies for the staff APIs: admins run the knowledge base; agents (and admins) serve customers.</summary>
public static class StaffPolicies
{
    public const string Admin = "staff-admin";
    public const string Agent = "staff-agent";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder) => builder
        .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(StaffRoles.Admin))
        .AddPolicy(Agent, policy => policy.RequireAuthenticatedUser().RequireRole(StaffRoles.Agent, StaffRoles.Admin));
}
