using QwenHelp.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class AccessControlTests(LiveServer server) : BrowserTest(server)
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/faq")]
    [InlineData("/admin/users")]
    [InlineData("/admin/settings")]
    [InlineData("/agent")]
    public async Task AnAnonymousVisitorIsSentToTheLoginPageFromEveryAdminUrl(string url)
    {
        await Page.GotoAsync(url);

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl="));
    }

    [Fact]
    public async Task AnAgentCannotOpenSettingsUserManagementOrTheFaqEditor()
    {
        var accounts = (StaffAccountService)Server.LiveServices.GetService(typeof(StaffAccountService))!;
        await accounts.CreateAsync(new NewStaffAccount("agent.e2e", "Agent", [StaffRoles.Agent], "Agent-E2E-Pass1"));

        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#username", "agent.e2e");
        await Page.FillAsync("#password", "Agent-E2E-Pass1");
        await Page.ClickAsync("button[type=submit]");

        foreach (var url in new[] { "/admin/users", "/admin/faq", "/admin/settings", "/admin/api-keys" })
        {
            await Page.GotoAsync(url);
            await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
        }
    }

    [Fact]
    public async Task AnAdminCreatesAnAgentAccountInTheUserList()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/users");
        await Page.WaitForSelectorAsync(".users-page[data-interactive=true]");

        await RadzenDialogs.ClickToOpenAsync(Page, Page.Locator("#user-add"));
        await Page.FillAsync("#user-name", "wang.wei");
        await Page.FillAsync("#user-display", "王伟");
        await Page.FillAsync("#user-password", "Wang-Wei-Pass1");
        await Page.ClickAsync("#user-save");

        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("wang.wei");
        Assert.Contains(await ((StaffAccountService)Server.LiveServices.GetService(typeof(StaffAccountService))!).ListAsync(),
            a => a.UserName == "wang.wei" && a.Roles.SequenceEqual([StaffRoles.Agent]));
    }
}
