using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Web.Localization;

namespace QwenHelp.Web.Api;

/// <summary>Sign-out and the UI language switch: small form posts and redirects.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        // A form post with an anti-forgery token (validated by UseAntiforgery), so no other site can sign staff out.
        endpoints.MapPost("/account/logout", async (SignInManager<StaffUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });

        endpoints.MapGet("/ui-language", (HttpContext context, [FromQuery] string? lang, [FromQuery] string? returnUrl) =>
        {
            UiLanguage.Remember(context, lang);
            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });
        return endpoints;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
