namespace QwenHelp.Infrastructure.Identity;

/// <summary>The roles staff can have. Admins run the knowledge base and settings; agents serve customers.</summary>
public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Agent = "Agent";

    public static IReadOnlyList<string> All { get; } = [Admin, Agent];
}
