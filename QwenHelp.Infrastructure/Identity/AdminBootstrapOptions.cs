namespace QwenHelp.Infrastructure.Identity;

/// <summary>
/// The first administrator, created on first start when no staff account exists.
/// Bound from <c>QwenHelp:Admin</c>; give the password by environment variable
/// (<c>QwenHelp__Admin__Password</c>), never in a committed file.
/// </summary>
public sealed class AdminBootstrapOptions
{
    public const string Section = "QwenHelp:Admin";

    public string UserName { get; set; } = "admin";

    /// <summary>When empty, a random password is generated, printed once to the log and written to the data folder.</summary>
    public string? Password { get; set; }
}
