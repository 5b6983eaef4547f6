using Microsoft.AspNetCore.Identity;
using QwenHelp.Infrastructure.Identity;

namespace QwenHelp.Web.Security;

public static class StaffAuthentication
{
    public const string LoginPath = "/account/login";

    /// <summary>How soon a locked, deleted or re-roled account loses its open sessions and pages.</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Staff sign-in: ASP.NET Core Identity (the shared framework's) over our own user store,
    /// a cookie session, a password policy, and sign-in throttled per IP and per account (<see cref="StaffSignIn"/>).
    /// </summary>
    public static WebApplicationBuilder AddStaffAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<StaffUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddUserStore<StaffUserStore>()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddSignInManager();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "qwenhelp.staff";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // APIs answer 401/403 instead of redirecting to the login page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        // The cookie's security stamp is checked on every request (one lookup by key): after a sign-out,
        // which renews the stamp, a copied cookie stops working at once rather than up to a minute later.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<StaffSignIn>();
        StaffPolicies.Add(services.AddAuthorizationBuilder());
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, StaffRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<StaffAccountService>();
        services.AddScoped<CurrentStaff>();
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
