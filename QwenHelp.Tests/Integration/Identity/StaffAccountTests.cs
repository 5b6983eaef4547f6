using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Identity;

public class StaffAccountTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private StaffAccountService Accounts => factory.GetService<StaffAccountService>();

    private async Task<StaffAccount> AccountAsync(string userName) => (await Accounts.ListAsync()).Single(a => a.UserName == userName);

    private async Task<bool> CanSignInAsync(string userName, string password)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByNameAsync(userName);
        return user is not null && !await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, password);
    }

    [Fact]
    public async Task TheFirstAdminComesFromConfigurationWithBothRoles()
    {
        var admin = await AccountAsync(QwenHelpFactory.AdminUser);

        Assert.Equal([StaffRoles.Admin, StaffRoles.Agent], admin.Roles);
        Assert.True(await CanSignInAsync(QwenHelpFactory.AdminUser, QwenHelpFactory.AdminPassword));
    }

    [Fact]
    public async Task AnAdminCreatesAnAgentWhoCanSignIn()
    {
        var result = await Accounts.CreateAsync(new NewStaffAccount("li.na", "李娜", [StaffRoles.Agent], "Agent-Pass-2026"));

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal([StaffRoles.Agent], (await AccountAsync("li.na")).Roles);
        Assert.True(await CanSignInAsync("li.na", "Agent-Pass-2026"));
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedWithTheReason()
    {
        var result = await Accounts.CreateAsync(new NewStaffAccount("weak", null, [StaffRoles.Agent], "short"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("10", StringComparison.Ordinal));
        Assert.DoesNotContain(await Accounts.ListAsync(), a => a.UserName == "weak");
    }

    [Fact]
    public async Task ADuplicateUserNameIsRefused()
    {
        await Accounts.CreateAsync(new NewStaffAccount("dup", null, [StaffRoles.Agent], "Dup-Pass-20260"));

        var again = await Accounts.CreateAsync(new NewStaffAccount("DUP", null, [StaffRoles.Agent], "Dup-Pass-20260"));

        Assert.False(again.Succeeded);
    }

    [Fact]
    public async Task TheLastAdminCannotBeDemotedLockedOrDeleted()
    {
        var admin = await AccountAsync(QwenHelpFactory.AdminUser);

        Assert.False((await Accounts.SetRolesAsync(admin.Id, [StaffRoles.Agent])).Succeeded);
        Assert.False((await Accounts.DeleteAsync(admin.Id, actingUserId: "someone-else")).Succeeded);
        Assert.False((await Accounts.SetLockedAsync(admin.Id, true, actingUserId: "someone-else")).Succeeded);
        Assert.Contains(StaffRoles.Admin, (await AccountAsync(QwenHelpFactory.AdminUser)).Roles);
    }

    [Fact]
    public async Task ALockedAccountCannotSignInUntilUnlocked()
    {
        await Accounts.CreateAsync(new NewStaffAccount("locked.out", null, [StaffRoles.Agent], "Locked-Pass-2026"));
        var account = await AccountAsync("locked.out");

        await Accounts.SetLockedAsync(account.Id, true, actingUserId: "admin-id");
        Assert.True((await AccountAsync("locked.out")).IsLockedOut);
        Assert.False(await CanSignInAsync("locked.out", "Locked-Pass-2026"));

        await Accounts.SetLockedAsync(account.Id, false, actingUserId: "admin-id");
        Assert.True(await CanSignInAsync("locked.out", "Locked-Pass-2026"));
    }

    [Fact]
    public async Task AResetPasswordReplacesTheOldOne()
    {
        await Accounts.CreateAsync(new NewStaffAccount("reset.me", null, [StaffRoles.Agent], "Old-Pass-20260"));
        var account = await AccountAsync("reset.me");

        Assert.True((await Accounts.ResetPasswordAsync(account.Id, "New-Pass-20260")).Succeeded);

        Assert.False(await CanSignInAsync("reset.me", "Old-Pass-20260"));
        Assert.True(await CanSignInAsync("reset.me", "New-Pass-20260"));
    }

    [Fact]
    public async Task NobodyDeletesTheirOwnAccount()
    {
        await Accounts.CreateAsync(new NewStaffAccount("self.delete", null, [StaffRoles.Agent], "Second-Pass-2026"));
        var account = await AccountAsync("self.delete");

        Assert.False((await Accounts.DeleteAsync(account.Id, actingUserId: account.Id)).Succeeded);
    }
}
