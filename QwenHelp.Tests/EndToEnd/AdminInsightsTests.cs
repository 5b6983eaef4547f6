using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Tests.Integration.Analytics;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>The analytics dashboard and conversation review, in a real browser.</summary>
[Collection(LiveServerGroup.Name)]
public class AdminInsightsTests(LiveServer server) : BrowserTest(server)
{
    private async Task SignInAsync()
    {
        await SignInAsAdminAsync(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/faq"));
    }

    [Theory]
    [InlineData("/admin/conversations")]
    [InlineData("/admin/conversations/6f1c5e2a-0000-4000-8000-000000000001")]
    [InlineData("/admin/analytics")]
    [InlineData("/admin/knowledge")]
    [InlineData("/admin/knowledge/1")]
    [InlineData("/admin/search")]
    public async Task AnAnonymousVisitorIsSentToTheLoginPageFromEveryPortalPage(string url)
    {
        await Page.GotoAsync(url);

        await Expect(Page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl="));
    }

    [Fact]
    public async Task AnAgentCannotOpenTheBackOfficePagesOrDownloads()
    {
        var accounts = (StaffAccountService)Server.LiveServices.GetService(typeof(StaffAccountService))!;
        await accounts.CreateAsync(new NewStaffAccount("agent.insights", "Agent", [StaffRoles.Agent], "Agent-Insights-Pass1"));
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#username", "agent.insights");
        await Page.FillAsync("#password", "Agent-Insights-Pass1");
        await Page.ClickAsync("button[type=submit]");
        await Expect(Page).Not.ToHaveURLAsync(new Regex("/account/login"));

        foreach (var url in new[] { "/admin/conversations", "/admin/analytics", "/admin/knowledge", "/admin/search" })
        {
            await Page.GotoAsync(url);
            await Expect(Page).ToHaveURLAsync(new Regex("/account/denied"));
        }

        var export = await Page.APIRequest.GetAsync("/api/admin/conversations/export?format=csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, export.Status);
    }

    private ILocator Kpi(string id) => Page.Locator($"[data-kpi={id}] .kpi-value");

    [Fact]
    public async Task TheDashboardShowsTheFiguresOfASeededSetOfConversations()
    {
        await SeededAnalyticsFactory.SeedAsync(Server);
        await SignInAsync();

        await Page.GotoAsync("/admin/analytics?from=2024-03-01&to=2024-03-03");
        await Page.WaitForSelectorAsync(".analytics-page[data-interactive=true]");

        await Expect(Kpi("conversations")).ToHaveTextAsync("4");
        await Expect(Kpi("messages")).ToHaveTextAsync("19");
        await Expect(Kpi("resolution")).ToHaveTextAsync("50%");
        await Expect(Kpi("handoff")).ToHaveTextAsync("25%");
        await Expect(Kpi("satisfaction")).ToHaveTextAsync("75%");
        await Expect(Kpi("cache")).ToHaveTextAsync("25%");
        await Expect(Kpi("tools")).ToHaveTextAsync("66.7%");
        await Expect(Kpi("latency")).ToHaveTextAsync("60 / 2000 / 2000 ms");
        await Expect(Page.Locator("#analytics-modes tr[data-mode=unanswered] td")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#analytics-handoff-reasons tr[data-reason=customer_request] td")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#analytics-gaps")).ToContainTextAsync("Do you ship to Antarctica");
        await Screenshots.SaveAsync(Page, "analytics");
        Assert.Empty(await LabelFit.ProblemsAsync(Page.Locator("#analytics-gaps .rz-button")));

        // "Create FAQ from this" opens the FAQ editor with the customer's question.
        await RadzenDialogs.ClickToOpenAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Create FAQ from this: Do you ship to Antarctica" }));
        await Expect(Page.Locator("#faq-question")).ToHaveValueAsync("Do you ship to Antarctica");
        await Page.FillAsync("#faq-answer", "Yes, to the research stations, twice a year.");
        await Page.ClickAsync("#faq-save");
        await Expect(Page.Locator(".rz-dialog")).ToHaveCountAsync(0);

        // Answered now: no longer listed as a gap.
        await Page.ReloadAsync();
        await Page.WaitForSelectorAsync(".analytics-page[data-interactive=true]");
        await Expect(Kpi("conversations")).ToHaveTextAsync("4");
        await Expect(Page.Locator("#analytics-gaps")).Not.ToContainTextAsync("Do you ship to Antarctica");

        var customer = await NewPageAsync();
        await customer.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(customer);
        await customer.GetByRole(AriaRole.Textbox).FillAsync("Do you ship to Antarctica?");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(customer.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble")).ToContainTextAsync("twice a year");
    }

    [Fact]
    public async Task ThirtyDaysOnTheChartHaveFewEnoughDateLabelsNotToOverlap()
    {
        await SignInAsync();
        await Page.GotoAsync("/admin/analytics?from=2024-04-01&to=2024-04-30");
        await Page.WaitForSelectorAsync(".analytics-page[data-interactive=true]");

        var labels = Page.Locator("#analytics-per-day .rz-tick-text", new() { HasTextRegex = new Regex(@"^\d\d-\d\d$") });
        await Expect(labels.First).ToBeVisibleAsync();
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var label in await labels.AllAsync())
        {
            boxes.Add((await label.BoundingBoxAsync())!);
        }

        Assert.InRange(boxes.Count, 5, 10);
        var ordered = boxes.OrderBy(b => b.X).ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.X + pair.First.Width <= pair.Second.X, "two date labels overlap"));
    }

    [Fact]
    public async Task CorrectingAnAnswerMakesTheWidgetAnswerWithTheCorrection()
    {
        var customer = await NewPageAsync();
        await customer.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(customer);
        await customer.GetByRole(AriaRole.Textbox).FillAsync("Do you deliver to the lunar base?");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(customer.Locator(".chat-message-assistant")).ToHaveCountAsync(2);

        await SignInAsync();
        await Page.GotoAsync("/admin/conversations");
        await Page.WaitForSelectorAsync(".conversations-page[data-interactive=true]");
        await Page.FillAsync("#conversations-search", "lunar base");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#conversations-count")).ToHaveTextAsync("1 conversations");
        await Screenshots.SaveAsync(Page, "conversations");
        await Page.ClickAsync("a.conversation-link");

        await Page.WaitForSelectorAsync(".transcript-page[data-interactive=true]");
        await Expect(Page.Locator(".turn-customer")).ToContainTextAsync("Do you deliver to the lunar base?");
        await RadzenDialogs.ClickToOpenAsync(Page, Page.Locator(".turn-assistant .correct-answer").First);
        await Page.FillAsync("#correction-answer", "Yes: lunar base parcels leave every Friday from Shanghai.");
        await Screenshots.SaveAsync(Page, "correct-answer");
        await Page.ClickAsync("#correction-save");
        await Expect(Page.Locator(".rz-dialog")).ToHaveCountAsync(0);

        var again = await NewPageAsync();
        await again.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(again);
        await again.GetByRole(AriaRole.Textbox).FillAsync("Do you deliver to the lunar base?");
        await again.Keyboard.PressAsync("Enter");
        var answer = again.Locator(".chat-message-assistant").Nth(1);
        await Expect(answer.Locator(".chat-bubble")).ToContainTextAsync("every Friday");
        await Expect(answer.Locator(".chat-citation")).ToContainTextAsync("Do you deliver to the lunar base?");
    }
}
