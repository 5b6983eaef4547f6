using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Infrastructure.Jobs;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class JobsPageTests(LiveServer server) : BrowserTest(server)
{
    [Fact]
    public async Task AnAdminRunsIndexUpkeepFromTheJobsPageAndSeesItFinishWithItsResult()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/jobs");
        await Page.WaitForSelectorAsync(".jobs-page[data-interactive=true]");
        var row = Page.Locator("tr[data-job=index-upkeep]");
        await Expect(row).ToContainTextAsync("Index upkeep");
        // Every registered job is listed, the archiving ones included.
        await Expect(Page.Locator("tr[data-job=archive-conversations]")).ToContainTextAsync("Log archiving");
        await Expect(Page.Locator("tr[data-job=export-dataset]")).ToContainTextAsync("Fine-tuning dataset export");

        await row.Locator(".job-run").ClickAsync();

        // No reload: the row turns to the finished run by itself.
        await Expect(row.Locator(".job-outcome")).ToHaveTextAsync("OK", new() { Timeout = 60_000 });
        await Expect(row.Locator(".job-summary")).ToContainTextAsync("Checked");
        await Expect(Page.Locator("#jobs-history")).ToContainTextAsync("Index upkeep");
        await Screenshots.SaveAsync(Page, "jobs");
        var scheduler = Server.LiveServices.GetRequiredService<JobScheduler>();
        var last = (await scheduler.GetHistoryAsync(IndexUpkeepJob.JobKey))[0];
        Assert.Equal((JobRunOutcome.Ok, JobTrigger.Manual, "admin"), (last.Outcome, last.Trigger, last.RequestedBy));
    }

    [Fact]
    public async Task AnAdminChangesAScheduleAndAnInvalidCronIsRefusedWithAReason()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/jobs");
        await Page.WaitForSelectorAsync(".jobs-page[data-interactive=true]");
        var row = Page.Locator("tr[data-job=analytics-rollup]");

        await row.Locator("input.job-cron").FillAsync("every night");
        await row.Locator("input.job-cron").PressAsync("Tab");
        await row.Locator(".job-save").ClickAsync();
        await Expect(row.Locator(".job-cron-error")).ToContainTextAsync("not saved");

        await row.Locator("input.job-cron").FillAsync("0 20 1 * * ?");
        await row.Locator("input.job-cron").PressAsync("Tab");
        await row.Locator(".job-save").ClickAsync();
        await Expect(row.Locator(".job-cron-error")).ToHaveCountAsync(0);
        await Expect(row).ToContainTextAsync("default");

        var status = (await Server.LiveServices.GetRequiredService<JobScheduler>().GetStatusAsync()).Single(j => j.Key == AnalyticsRollupJob.JobKey);
        Assert.Equal(("0 20 1 * * ?", "admin"), (status.Cron, status.UpdatedBy));
        Assert.Equal(new TimeSpan(1, 20, 0), status.NextRun!.Value.UtcDateTime.TimeOfDay);
    }

    [Fact]
    public async Task AnAgentCannotOpenTheJobsPage()
    {
        var accounts = Server.LiveServices.GetRequiredService<StaffAccountService>();
        await accounts.CreateAsync(new NewStaffAccount("agent.jobs", "Agent", [StaffRoles.Agent], "Agent-Jobs-Pass1"));

        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#username", "agent.jobs");
        await Page.FillAsync("#password", "Agent-Jobs-Pass1");
        await Page.ClickAsync("button[type=submit]");
        await Page.GotoAsync("/admin/jobs");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
    }

    [Fact]
    public async Task HangfiresDashboardSendsAnonymousVisitorsToTheLoginPage()
    {
        await Page.GotoAsync("/admin/hangfire");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task HangfiresDashboardRefusesAnAgentWith403()
    {
        var accounts = Server.LiveServices.GetRequiredService<StaffAccountService>();
        await accounts.CreateAsync(new NewStaffAccount("agent.hangfire", "Agent", [StaffRoles.Agent], "Agent-Hangfire-Pass1"));
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#username", "agent.hangfire");
        await Page.FillAsync("#password", "Agent-Hangfire-Pass1");
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));

        var response = await Page.APIRequest.GetAsync("/admin/hangfire/recurring");

        Assert.Equal(403, response.Status);
    }

    [Fact]
    public async Task AnAdminSeesEveryJobsScheduleOnHangfiresDashboard()
    {
        await SignInAsAdminAsync(Page);

        await Page.GotoAsync("/admin/hangfire/recurring");

        await Expect(Page.Locator("body")).ToContainTextAsync("QwenHelp · Hangfire");
        await Expect(Page.Locator("body")).ToContainTextAsync("index-upkeep");
        await Expect(Page.Locator("body")).ToContainTextAsync("archive-conversations");
    }
}
