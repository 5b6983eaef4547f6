using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Identity;

/// <summary>
/// ASP.NET Core Identity's user store over our own table (the Identity EF stores do not restore
/// here). Roles are a short list on the user: QwenHelp has two fixed roles, not a role table.
/// </summary>
public sealed class StaffUserStore(QwenHelpDbContext db) :
    IUserPasswordStore<StaffUser>,
    IUserRoleStore<StaffUser>,
    IUserSecurityStampStore<StaffUser>,
    IUserLockoutStore<StaffUser>,
    IQueryableUserStore<StaffUser>
{
    public IQueryable<StaffUser> Users => db.StaffUsers;

    public async Task<IdentityResult> CreateAsync(StaffUser user, CancellationToken cancellationToken)
    {
        db.StaffUsers.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(StaffUser user, CancellationToken cancellationToken)
    {
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return IdentityResult.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }
    }

    public async Task<IdentityResult> DeleteAsync(StaffUser user, CancellationToken cancellationToken)
    {
        db.StaffUsers.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public Task<StaffUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        db.StaffUsers.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);

    public Task<StaffUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        db.StaffUsers.FirstOrDefaultAsync(u => u.NormalizedUserName == normalizedUserName, cancellationToken);

    public Task<string> GetUserIdAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(StaffUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(StaffUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(StaffUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task AddToRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        if (!user.Roles.Contains(role))
        {
            user.Roles = [.. user.Roles, role];
        }

        return Task.CompletedTask;
    }

    public Task RemoveFromRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        user.Roles = user.Roles.Where(r => r != role).ToList();
        return Task.CompletedTask;
    }

    public Task<IList<string>> GetRolesAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<IList<string>>(user.Roles.ToList());

    public Task<bool> IsInRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken) =>
        Task.FromResult(user.Roles.Contains(CanonicalRole(roleName)));

    public async Task<IList<StaffUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        var role = CanonicalRole(roleName);
        var users = await db.StaffUsers.ToListAsync(cancellationToken);
        return users.Where(u => u.Roles.Contains(role)).ToList();
    }

    public Task SetSecurityStampAsync(StaffUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(StaffUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(StaffUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // The DbContext belongs to the DI scope, which disposes it.
    }

    /// <summary>Identity passes normalized (upper-case) role names; we store the canonical spelling.</summary>
    private static string CanonicalRole(string roleName) =>
        StaffRoles.All.FirstOrDefault(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown role '{roleName}'. Known roles: {string.Join(", ", StaffRoles.All)}.", nameof(roleName));
}
