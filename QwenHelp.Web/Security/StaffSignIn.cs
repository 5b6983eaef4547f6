using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using QwenHelp.Infrastructure.Identity;

namespace QwenHelp.Web.Security;

/// <summary>
/// Staff sign-in with throttling that an outsider cannot turn against staff (docs/decisions/0161-sign-in-throttling.md):
/// <list type="bullet">
/// <item>per IP: an address with too many failures waits, whatever names it tries;</item>
/// <item>per user name: after too many failures from anywhere, the name is closed to browsers that have never
/// signed in to it; a browser that has (it holds a signed device cookie) still gets in, so five requests from
/// a stranger no longer lock the admin out;</item>
/// <item>the same answer, and the same work (one password hash), for an unknown name, a wrong password and a
/// throttled attempt, so neither the message nor the timing tells which names exist.</item>
/// </list>
/// Identity's own lockout is not used by sign-in for that reason.
/// </summary>
public sealed class StaffSignIn(SignInManager<StaffUser> signIn, SignInThrottle throttle, IDataProtectionProvider protection)
{
    public const string DeviceCookie = "qwenhelp.device";

    private static readonly TimeSpan DeviceCookieLifetime = TimeSpan.FromDays(90);
    private static string? _dummyHash;

    private readonly IDataProtector _devices = protection.CreateProtector("QwenHelp.SignIn.Device");

    public async Task<StaffSignInOutcome> SignInAsync(HttpContext http, string userName, string password)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.IsIpBlocked(ip) || (throttle.IsAccountBlocked(userName) && !IsKnownDevice(http, userName)))
        {
            VerifyAgainstNobody(password);
            return StaffSignInOutcome.Throttled;
        }

        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyAgainstNobody(password);
            throttle.RecordFailure(ip, userName);
            return StaffSignInOutcome.Failed;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            throttle.RecordFailure(ip, userName);
            return StaffSignInOutcome.Failed;
        }

        throttle.RecordSuccess(ip);
        http.Response.Cookies.Append(DeviceCookie, _devices.Protect(Key(userName)), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            MaxAge = DeviceCookieLifetime,
            Path = StaffAuthentication.LoginPath,
            IsEssential = true,
        });
        return StaffSignInOutcome.Succeeded;
    }

    private bool IsKnownDevice(HttpContext http, string userName)
    {
        if (http.Request.Cookies[DeviceCookie] is not { Length: > 0 } cookie)
        {
            return false;
        }

        try
        {
            return _devices.Unprotect(cookie) == Key(userName);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The cost of checking a real password, spent when there is none to check.</summary>
    private void VerifyAgainstNobody(string password)
    {
        var nobody = new StaffUser { UserName = "" };
        _dummyHash ??= signIn.UserManager.PasswordHasher.HashPassword(nobody, Guid.NewGuid().ToString("N"));
        signIn.UserManager.PasswordHasher.VerifyHashedPassword(nobody, _dummyHash, password);
    }

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();
}

public enum StaffSignInOutcome
{
    Succeeded,
    Failed,
    Throttled,
}
