using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Infrastructure.Identity;

/// <summary>
/// User management for admins: create staff accounts, change roles, reset passwords, lock and delete.
/// Each operation runs in its own DI scope (a fresh UserManager and DbContext), so a long-lived
/// Blazor circuit never works on stale entities. The last administrator cannot be removed or demoted.
/// </summary>
public sealed class StaffAccountService(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var now = clock.GetUtcNow();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return all.Select(u => new StaffAccount(u.Id, u.UserName, u.DisplayName ?? u.UserName, u.Roles, u.LockoutEnd > now, u.CreatedAt)).ToList();
    }

    public async Task<StaffAccountResult> CreateAsync(NewStaffAccount account)
    {
        var roles = Canonical(account.Roles);
        if (roles.Count == 0)
        {
            return StaffAccountResult.Failed("Choose at least one role.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser
        {
            UserName = account.UserName.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? account.UserName.Trim() : account.DisplayName.Trim(),
            Roles = [.. roles],
        };
        var created = await users.CreateAsync(user, account.Password);
        return created.Succeeded ? StaffAccountResult.Success : StaffAccountResult.From(created);
    }

    public Task<StaffAccountResult> SetRolesAsync(string userId, IEnumerable<string> roles) =>
        ChangeAsync(userId, async (users, user) =>
        {
            var wanted = Canonical(roles);
            if (wanted.Count == 0)
            {
                return StaffAccountResult.Failed("Choose at least one role.");
            }

            if (!wanted.Contains(StaffRoles.Admin) && await IsLastAdminAsync(users, user))
            {
                return StaffAccountResult.Failed("This is the last administrator; make someone else an administrator first.");
            }

            user.Roles = [.. wanted];
            // A new security stamp signs the user out everywhere, so the new roles apply at once.
            await users.UpdateSecurityStampAsync(user);
            return StaffAccountResult.Success;
        });

    public Task<StaffAccountResult> ResetPasswordAsync(string userId, string newPassword) =>
        ChangeAsync(userId, async (users, user) =>
        {
            foreach (var validator in users.PasswordValidators)
            {
                var valid = await validator.ValidateAsync(users, user, newPassword);
                if (!valid.Succeeded)
                {
                    return StaffAccountResult.From(valid);
                }
            }

            var removed = await users.RemovePasswordAsync(user);
            if (!removed.Succeeded)
            {
                return StaffAccountResult.From(removed);
            }

            var added = await users.AddPasswordAsync(user, newPassword);
            return added.Succeeded ? StaffAccountResult.Success : StaffAccountResult.From(added);
        });

    public Task<StaffAccountResult> SetLockedAsync(string userId, bool locked, string actingUserId) =>
        ChangeAsync(userId, async (users, user) =>
        {
            if (locked && user.Id == actingUserId)
            {
                return StaffAccountResult.Failed("You cannot lock your own account.");
            }

            if (locked && await IsLastAdminAsync(users, user))
            {
                return StaffAccountResult.Failed("This is the last administrator; it cannot be locked.");
            }

            var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (result.Succeeded && locked)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            else if (result.Succeeded)
            {
                await users.ResetAccessFailedCountAsync(user);
            }

            return result.Succeeded ? StaffAccountResult.Success : StaffAccountResult.From(result);
        });

    public Task<StaffAccountResult> DeleteAsync(string userId, string actingUserId) =>
        ChangeAsync(userId, async (users, user) =>
        {
            if (user.Id == actingUserId)
            {
                return StaffAccountResult.Failed("You cannot delete your own account.");
            }

            if (await IsLastAdminAsync(users, user))
            {
                return StaffAccountResult.Failed("This is the last administrator; it cannot be deleted.");
            }

            var deleted = await users.DeleteAsync(user);
            return deleted.Succeeded ? StaffAccountResult.Success : StaffAccountResult.From(deleted);
        });

    private async Task<StaffAccountResult> ChangeAsync(string userId, Func<UserManager<StaffUser>, StaffUser, Task<StaffAccountResult>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(userId);
        return user is null ? StaffAccountResult.Failed("That account no longer exists.") : await change(users, user);
    }

    private static async Task<bool> IsLastAdminAsync(UserManager<StaffUser> users, StaffUser user) =>
        user.Roles.Contains(StaffRoles.Admin) && (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count <= 1;

    private static List<string> Canonical(IEnumerable<string> roles) =>
        StaffRoles.All.Where(r => roles.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
}

/// <summary>A staff account as the user list shows it.</summary>
public sealed record StaffAccount(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, bool IsLockedOut, DateTimeOffset CreatedAt);

public sealed record NewStaffAccount(string UserName, string? DisplayName, IReadOnlyList<string> Roles, string Password);

/// <summary>Success, or the reasons a change was refused, in words an admin can act on.</summary>
public sealed record StaffAccountResult(IReadOnlyList<string> Errors)
{
    public static StaffAccountResult Success { get; } = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static StaffAccountResult Failed(string error) => new([error]);

    public static StaffAccountResult From(IdentityResult result) => new(result.Errors.Select(e => e.Description).ToList());
}
