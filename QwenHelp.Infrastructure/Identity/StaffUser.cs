using QwenHelp.Domain.Common;

namespace QwenHelp.Infrastructure.Identity;

/// <summary>A member of staff who signs in to the admin portal or the agent console.</summary>
public sealed class StaffUser : IAuditable
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public required string UserName { get; set; }

    public string NormalizedUserName { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Role names from <see cref="StaffRoles"/>.</summary>
    public List<string> Roles { get; set; } = [];

    public bool LockoutEnabled { get; set; } = true;

    public DateTimeOffset? LockoutEnd { get; set; }

    public int AccessFailedCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
