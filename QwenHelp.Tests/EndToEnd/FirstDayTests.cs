using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Infrastructure.Widget;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>What a support-team lead found on a first day with the product, each checked in a real browser.</summary>
[Collection(LiveServerGroup.Name)]
public class FirstDayTests(LiveServer server) : BrowserTest(server)
{
    private const string PersonWillReply = "A person will reply here soon. You can keep writing; they will see everything.";

    private async Task<IPage> SignInAgentAsync(string userName)
    {
        var accounts = (StaffAccountService)Server.LiveServices.GetService(typeof(StaffAccountService))!;
        await accounts.CreateAsync(new NewStaffAccount(userName, userName, [StaffRoles.Agent], "Agent-Desk-Pass1"));
        var agent = await NewPageAsync();
        await agent.SetViewportSizeAsync(1366, 768);
        await agent.GotoAsync("/account/login");
        await agent.FillAsync("#username", userName);
        await agent.FillAsync("#password", "Agent-Desk-Pass1");
        await agent.ClickAsync("button[type=submit]");
        await Expect(agent).ToHaveURLAsync(new Regex("/agent$"));
        await agent.WaitForSelectorAsync(".agent-console[data-interactive=true]");
        return agent;
    }

    private async Task<IPage> CustomerAsync(params string[] messages)
    {
        var customer = await NewPageAsync();
        await customer.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(customer);
        foreach (var message in messages)
        {
            var before = await customer.Locator(".chat-message-customer").CountAsync();
            await customer.GetByRole(AriaRole.Textbox).FillAsync(message);
            await customer.Keyboard.PressAsync("Enter");
            await Expect(customer.Locator(".chat-message-customer")).ToHaveCountAsync(before + 1);
            await Expect(customer.Locator(".chat-stop")).ToHaveCountAsync(0);
        }

        return customer;
    }

    [Fact]
    public async Task TheConversationsPageListsTheStoredConversationsOnItsFirstLoad()
    {
        var customer = await CustomerAsync("Can a parcel wait at the first-load depot?");
        await Expect(customer.Locator(".chat-message-assistant")).ToHaveCountAsync(2);

        await SignInAsAdminAsync(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/faq"));
        // From the header link, as a user gets there: no search typed, nothing cleared.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Conversations", Exact = true }).ClickAsync();
        await Page.WaitForSelectorAsync(".conversations-page[data-interactive=true]");

        await Expect(Page.Locator("a.conversation-link", new() { HasText = "first-load depot" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#conversations-count")).Not.ToHaveTextAsync("0 conversations");

        // And again after a reload of the page.
        await Page.ReloadAsync();
        await Page.WaitForSelectorAsync(".conversations-page[data-interactive=true]");
        await Expect(Page.Locator("a.conversation-link", new() { HasText = "first-load depot" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheAgentConsoleShowsTheAssistantsAnswerFormattedAndTheQueueCardSaysWhoAskedWhatAndWhy()
    {
        var agent = await SignInAgentAsync("firstday.agent1");
        await CustomerAsync("How do I reset my password?", "My name is Wei Zhang", "I want to talk to a human");

        var card = agent.Locator(".agent-item", new() { HasText = "How do I reset my password?" });
        await Expect(card.Locator(".agent-item-customer")).ToHaveTextAsync("Wei Zhang");
        await Expect(card.Locator(".agent-item-meta")).ToContainTextAsync("asked for a person");
        await Expect(card.Locator(".agent-item-meta")).ToContainTextAsync("English");
        await Expect(card.Locator(".agent-item-wait")).ToHaveTextAsync(new Regex(@"^waiting \d+ min$"));
        // The tab title counts the waiting conversations as the badge does.
        await Expect(agent).ToHaveTitleAsync(new Regex(@"^\(\d+\) Agent console"));

        await card.ClickAsync();
        var answer = agent.Locator(".agent-message-assistant .agent-message-text").First;
        await Expect(answer).ToBeVisibleAsync();
        await Expect(answer).Not.ToContainTextAsync("<p>");
        await Expect(answer).Not.ToContainTextAsync("&quot;");
        await Expect(answer.Locator("p, ol, ul").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheTranscriptFillsTheConsoleAndFollowsNewMessagesUnlessTheAgentReadsBack()
    {
        var agent = await SignInAgentAsync("firstday.agent2");
        var customer = await CustomerAsync("My blender arrived broken, I want a human");
        await agent.Locator(".agent-item", new() { HasText = "My blender arrived broken" }).ClickAsync();
        await agent.ClickAsync("#agent-take");
        await Expect(agent.Locator("#agent-reply-text")).ToBeVisibleAsync();

        var transcript = agent.Locator("#agent-transcript");
        var box = await transcript.BoundingBoxAsync();
        Assert.True(box!.Height > 768 * 0.4, $"the transcript is only {box.Height}px high in a 768px window");

        for (var i = 1; i <= 14; i++)
        {
            // As a customer does: the next message once the last one shows as sent (Send is disabled
            // while a message is on its way, and the draft would be overwritten).
            await customer.GetByRole(AriaRole.Textbox).FillAsync($"Detail number {i} about the blender");
            await customer.Keyboard.PressAsync("Enter");
            await Expect(customer.Locator(".chat-message-customer", new() { HasText = $"Detail number {i} about" })).ToHaveCountAsync(1);
            await Expect(customer.Locator(".chat-send")).ToBeEnabledAsync();
        }

        var last = agent.Locator(".agent-message-customer", new() { HasText = "Detail number 14 about" });
        await Expect(last).ToBeInViewportAsync();

        // Reading back: a new message does not pull the agent down again.
        await transcript.EvaluateAsync("t => { t.scrollTop = 0; t.dispatchEvent(new Event('scroll')); }");
        await customer.GetByRole(AriaRole.Textbox).FillAsync("Detail number 15 about the blender");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(agent.Locator(".agent-message-customer", new() { HasText = "Detail number 15 about" })).ToHaveCountAsync(1);
        Assert.Equal(0, await transcript.EvaluateAsync<int>("t => t.scrollTop"));

        // Ctrl+Enter sends.
        await agent.FillAsync("#agent-reply-text", "Sorry about the blender, a new one is on its way.");
        await agent.Keyboard.PressAsync("Control+Enter");
        await Expect(customer.Locator(".chat-message-agent .chat-bubble")).ToContainTextAsync("a new one is on its way");
    }

    [Fact]
    public async Task MyConversationsCountTheCustomersUnreadMessages()
    {
        var agent = await SignInAgentAsync("firstday.agent3");
        var first = await CustomerAsync("My lamp flickers, I want a human");
        await CustomerAsync("My kettle leaks, I want a human");
        await agent.Locator(".agent-item", new() { HasText = "My lamp flickers" }).ClickAsync();
        await agent.ClickAsync("#agent-take");
        await agent.Locator(".agent-item", new() { HasText = "My kettle leaks" }).First.ClickAsync();

        foreach (var line in new[] { "It flickers only at night", "And it hums" })
        {
            await first.GetByRole(AriaRole.Textbox).FillAsync(line);
            await first.Keyboard.PressAsync("Enter");
            await Expect(first.Locator(".chat-message-customer", new() { HasText = line })).ToBeVisibleAsync();
            await Expect(first.Locator(".chat-stop")).ToHaveCountAsync(0);
        }

        var mine = agent.Locator("[aria-labelledby=queue-mine] .agent-item", new() { HasText = "My lamp flickers" });
        await Expect(mine.Locator(".agent-unread")).ToHaveTextAsync("2");
        await mine.ClickAsync();
        await Expect(mine.Locator(".agent-unread")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WithAPersonOnTheChatTheCustomerGetsNoBotReplyPerMessageNoThumbsOnTheAgentAndANoticeWhenClosed()
    {
        var agent = await SignInAgentAsync("firstday.agent4");
        var customer = await CustomerAsync("My order is missing a cable, I want a human");
        await Expect(customer.Locator(".chat-status")).ToHaveTextAsync(PersonWillReply);
        var repliesBefore = await customer.Locator(".chat-message-assistant").CountAsync();

        await customer.GetByRole(AriaRole.Textbox).FillAsync("It is the USB-C cable");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(customer.Locator(".chat-message-customer", new() { HasText = "USB-C cable" })).ToBeVisibleAsync();
        await Expect(customer.Locator(".chat-stop")).ToHaveCountAsync(0);
        await Expect(customer.Locator(".chat-message-assistant")).ToHaveCountAsync(repliesBefore);

        await agent.Locator(".agent-item", new() { HasText = "missing a cable" }).ClickAsync();
        await agent.ClickAsync("#agent-take");
        await agent.FillAsync("#agent-reply-text", "I will send the cable today.");
        await agent.ClickAsync("#agent-send");
        var reply = customer.Locator(".chat-message-agent");
        await Expect(reply.Locator(".chat-bubble")).ToContainTextAsync("send the cable today");
        await Expect(reply.Locator(".chat-rate")).ToHaveCountAsync(0);

        await customer.GetByRole(AriaRole.Textbox).FillAsync("Thank you!");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(agent.Locator(".agent-message-customer").Last).ToContainTextAsync("Thank you!");
        await Expect(customer.Locator(".chat-message-assistant")).ToHaveCountAsync(repliesBefore);

        await agent.ClickAsync("#agent-close");
        await Expect(customer.Locator(".chat-closed")).ToContainTextAsync("The agent has closed this chat.");
    }

    [Fact]
    public async Task TheThumbsAreDrawnWithoutAnEmojiFont()
    {
        await WidgetTests.AskAsync(Page, "How do I reset my password?");

        var thumbs = Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-rate");
        await Expect(thumbs).ToHaveCountAsync(2);
        await Expect(thumbs.Locator("svg")).ToHaveCountAsync(2);
        Assert.DoesNotContain("👍", await thumbs.First.InnerTextAsync());
    }

    [Fact]
    public async Task OnAPhoneTheOpenChatsHeaderIsNotCoveredByTheLauncher()
    {
        await using var shop = await ForeignSite.StartAsync(Server.BaseAddress, "firstday-phone");
        var sites = (WidgetSiteService)Server.LiveServices.GetService(typeof(WidgetSiteService))!;
        Assert.True((await sites.SaveAsync(new WidgetSiteInput(null, "firstday-phone", "Phone shop", [shop.OriginText]))).Succeeded);
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync(shop.Origin.ToString());

        var launcher = Page.Locator("[data-qwenhelp] button.launcher");
        await launcher.ClickAsync();
        var widget = Page.FrameLocator("[data-qwenhelp] iframe");
        await widget.Locator(".chat[data-interactive=true]").WaitForAsync();

        await Expect(launcher).ToBeHiddenAsync();
        // Nothing of the host page lies over the header's buttons: the point at their centre is the chat frame.
        foreach (var button in new[] { widget.Locator(".chat-lang"), widget.Locator(".chat-close") })
        {
            var box = await button.BoundingBoxAsync();
            var point = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{box!.X + (box.Width / 2)}, {box.Y + (box.Height / 2)}");
            var onTop = await Page.EvaluateAsync<string>(
                $"() => {{ const el = document.elementFromPoint({point}); return el.tagName + (el.shadowRoot ? '/' + el.shadowRoot.elementFromPoint({point}).tagName : ''); }}");
            Assert.Equal("DIV/IFRAME", onTop);
        }

        await widget.Locator(".chat-close").ClickAsync();
        await Expect(launcher).ToBeVisibleAsync();
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task TheTranscriptShowsTheCommentOfAThumbsDown()
    {
        await WidgetTests.AskAsync(Page, "Can I pay with seashells at checkout?");
        var answer = Page.Locator(".chat-message-assistant").Nth(1);
        await answer.Locator(".chat-rate-down").ClickAsync();
        await answer.Locator(".chat-comment input").FillAsync("Seashells are not mentioned anywhere");
        await answer.Locator(".chat-comment button").ClickAsync();
        await Expect(answer.Locator(".chat-comment")).ToHaveCountAsync(0);

        var admin = await NewPageAsync();
        await SignInAsAdminAsync(admin);
        await Expect(admin).ToHaveURLAsync(new Regex("/admin/faq"));
        await admin.GotoAsync("/admin/conversations");
        await admin.WaitForSelectorAsync(".conversations-page[data-interactive=true]");
        await admin.Locator("a.conversation-link", new() { HasText = "pay with seashells" }).ClickAsync();

        await Expect(admin.Locator(".rating-comment")).ToContainTextAsync("Seashells are not mentioned anywhere");
    }

    [Fact]
    public async Task TheDemoShopShowsSampleOrderNumbersAndTheChatFindsThem()
    {
        await Page.GotoAsync("/demo");
        await Expect(Page.Locator("#demo-orders")).ToContainTextAsync("LM20260001234");
        await Expect(Page.Locator("#demo-orders li")).ToHaveCountAsync(4);

        var shown = (await Page.Locator("#demo-orders li code").AllInnerTextsAsync())[1];
        var customer = await CustomerAsync($"Where is my order {shown}?");
        await Expect(customer.Locator(".chat-message-assistant").Last.Locator(".chat-bubble")).ToContainTextAsync(shown);
    }

    [Fact]
    public async Task TheEmbedSnippetCanBeCopiedAndTheNewSecretButtonIsShownWhole()
    {
        await Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var sites = (WidgetSiteService)Server.LiveServices.GetService(typeof(WidgetSiteService))!;
        Assert.True((await sites.SaveAsync(new WidgetSiteInput(null, "firstday-copy", "Copy shop", ["https://copy.example"]))).Succeeded);
        await SignInAsAdminAsync(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/admin/faq"));
        await Page.GotoAsync("/admin/sites");
        await Page.WaitForSelectorAsync(".sites-page[data-interactive=true]");
        await RadzenDialogs.ClickToOpenAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Edit site: Copy shop" }));

        await Page.ClickAsync("#site-copy-snippet");
        await Expect(Page.Locator("#site-copy-snippet")).ToHaveTextAsync("Copied");
        var copied = await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Contains("data-site=\"firstday-copy\"", copied);
        Assert.Equal(await Page.Locator("#site-snippet").InnerTextAsync(), copied);

        Assert.Empty(await LabelFit.ProblemsAsync(Page.Locator("#site-rotate-secret, #site-copy-snippet, #site-save")));
    }
}
