using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Web.Security;

/// <summary>Limits on failed staff sign-ins. Bound from <c>QwenHelp:SignIn</c> (docs/decisions/0161-sign-in-throttling.md).</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "QwenHelp:SignIn";

    /// <summary>Failed sign-ins one IP address may make in <see cref="WindowMinutes"/>; then that address waits.</summary>
    [Range(1, 10_000)]
    public int FailuresPerIp { get; set; } = 10;

    /// <summary>
    /// Failed sign-ins one user name may get in <see cref="WindowMinutes"/> from all addresses together; then the
    /// name is closed to browsers that have never signed in to it, while its own staff's browsers still get in.
    /// </summary>
    [Range(1, 10_000)]
    public int FailuresPerAccount { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int WindowMinutes { get; set; } = 15;
}
