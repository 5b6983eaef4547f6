using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace QwenHelp.Web.Widget;

/// <summary>
/// Opaque tokens that stand for a visitor id. The widget keeps its token in the browser and the
/// API hands one back with every new conversation; only the token's holder can continue, read or
/// rate that visitor's conversations. A visitor id itself (which may be a shop's user id) is never
/// accepted from a client as proof of anything.
/// </summary>
public sealed class VisitorTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("QwenHelp.VisitorToken.v1");

    /// <summary>A new anonymous visitor id: time-ordered, so new visitors' conversations append to the visitor index (docs/decisions/0067).</summary>
    public static string NewVisitorId() => "v_" + Guid.CreateVersion7().ToString("N");

    public string Issue(string visitorId) => _protector.Protect(visitorId);

    /// <summary>The visitor id in a token, or null for a missing, forged or damaged token.</summary>
    public string? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1024)
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
