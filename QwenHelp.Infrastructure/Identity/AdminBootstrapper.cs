using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Identity;

/// <summary>Creates the first administrator when the database has no staff accounts yet.</summary>
public sealed partial class AdminBootstrapper(
    UserManager<StaffUser> users,
    QwenHelpDbContext db,
    IOptions<AdminBootstrapOptions> options,
    DataPaths paths,
    ILogger<AdminBootstrapper> logger)
{
    public const string GeneratedPasswordFile = "initial-admin-password.txt";

    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        if (await db.StaffUsers.AnyAsync(cancellationToken))
        {
            return;
        }

        var configured = options.Value.Password;
        var password = string.IsNullOrWhiteSpace(configured) ? GeneratePassword() : configured;
        var admin = new StaffUser { UserName = options.Value.UserName, DisplayName = options.Value.UserName };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                "Could not create the first administrator from QwenHelp:Admin: "
                + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRolesAsync(admin, StaffRoles.All);

        if (string.IsNullOrWhiteSpace(configured))
        {
            var file = Path.Combine(paths.DataFolder, GeneratedPasswordFile);
            await File.WriteAllTextAsync(file, password + Environment.NewLine, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            LogGeneratedPassword(admin.UserName, password, file);
        }
        else
        {
            LogCreatedAdmin(admin.UserName);
        }
    }

    private static string GeneratePassword()
    {
        // Letters and digits from a CSPRNG, plus one of each class the password policy asks for.
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 16) + "-Aa1";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first administrator '{UserName}' with the generated password {Password} (also in {File}). Sign in at /account/login and keep it safe.")]
    private partial void LogGeneratedPassword(string userName, string password, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator '{UserName}' with the configured password.")]
    private partial void LogCreatedAdmin(string userName);
}
