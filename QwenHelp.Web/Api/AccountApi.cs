using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
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
        // A form post with an anti-forgery token, so no other site can sign staff out. A minimal API without
        // form parameters is not checked by UseAntiforgery on its own, so the check is made here.
        endpoints.MapPost("/account/logout", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (HttpContext context, IAntiforgery antiforgery, SignInManager<StaffUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Problems.BadRequest("The sign-out form has expired. Reload the page and sign out again.");
            }

            // A new security stamp makes every copy of the old cookie invalid at its next request.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });

        endpoints.MapGet("/ui-language", (HttpContext context, [FromQuery] string? lang, [FromQuery] string? returnUrl) =>
        {
            UiLanguage.Remember(context, lang);
            return TypedResults.LocalRedirect(Security.LocalUrl.IsSafe(returnUrl) ? returnUrl! : "/");
        });
        return endpoints;
    }
}
