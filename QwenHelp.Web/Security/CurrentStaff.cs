using Microsoft.AspNetCore.Components.Authorization;

namespace QwenHelp.Web.Security;

/// <summary>The signed-in staff member of this circuit or request, for the audit trail.</summary>
public sealed class CurrentStaff(AuthenticationStateProvider authentication)
{
    public async Task<string> UserNameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.Identity?.Name ?? "unknown";
    }
}
