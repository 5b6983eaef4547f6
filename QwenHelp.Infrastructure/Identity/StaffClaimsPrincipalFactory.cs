using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Identity;

/// <summary>Puts the user's roles and display name into the sign-in cookie (the base factory adds roles only with a role store).</summary>
public sealed class StaffClaimsPrincipalFactory(UserManager<StaffUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        identity.AddClaim(new Claim("display_name", user.DisplayName ?? user.UserName));
        return identity;
    }
}
