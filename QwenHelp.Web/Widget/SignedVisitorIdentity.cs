using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QwenHelp.Domain.Widget;

namespace QwenHelp.Web.Widget;

/// <summary>
/// A logged-in customer of the host site, vouched for by the site's server: it signs
/// <c>USER_ID + "." + UNIX_SECONDS</c> with HMAC-SHA256 under the site's identity secret, and the
/// widget passes user, timestamp and signature on. A valid signature makes the visitor
/// <c>site:KEY:user:USER_ID</c> on every device; a missing, wrong or stale one is ignored.
/// </summary>
public static class SignedVisitorIdentity
{
    /// <summary>How old a signature may be; the host site signs on each page view.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    public static string? Verify(WidgetSite site, string? userId, string? timestamp, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 128 || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - signedAt).Duration() > MaxAge)
        {
            return null;
        }

        var expected = Sign(site.IdentitySecret, userId, timestamp!);
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given)
            ? $"site:{site.Key}:user:{userId}"
            : null;
    }

    /// <summary>The signature the host site's server computes (shown in the README, used by tests).</summary>
    public static string Sign(string secret, string userId, string timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{userId}.{timestamp}")));
}
