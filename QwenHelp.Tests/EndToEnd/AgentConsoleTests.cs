using Microsoft.Playwright;
using QwenHelp.Infrastructure.Identity;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class AgentConsoleTests(LiveServer server) : BrowserTest(server)
{
    private async Task<IPage> SignInAgentAsync(string userName)
    {
        var accounts = (StaffAccountService)Server.LiveServices.GetService(typeof(StaffAccountService))!;
        await accounts.CreateAsync(new NewStaffAccount(userName, userName, [StaffRoles.Agent], "Agent-Desk-Pass1"));
        var agent = await NewPageAsync();
        await agent.GotoAsync("/account/login");
        await agent.FillAsync("#username", userName);
        await agent.FillAsync("#password", "Agent-Desk-Pass1");
        await agent.ClickAsync("button[type=submit]");
        await Expect(agent).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent$"));
        await agent.WaitForSelectorAsync(".agent-console[data-interactive=true]");
        return agent;
    }

    [Fact]
    public async Task AnAgentTakesOverAHandedOffConversationAndTheReplyAppearsInTheCustomersWidget()
    {
        var agent = await SignInAgentAsync("desk.agent");

        // The customer asks for a person while the agent's console is open: it appears without a reload.
        await Page.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(Page);
        await Page.GetByRole(AriaRole.Textbox).FillAsync("My parcel never arrived, I want a human");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator(".chat-status")).ToHaveTextAsync("A person will reply here soon. You can keep writing; they will see everything.");

        var waiting = agent.Locator(".agent-item", new() { HasText = "My parcel never arrived" });
        await Expect(waiting).ToBeVisibleAsync();
        await waiting.ClickAsync();
        await agent.ClickAsync("#agent-take");
        await agent.FillAsync("#agent-reply-text", "Hello, this is Li from Lumen Mall. Let me check your parcel.");
        await agent.ClickAsync("#agent-send");

        var reply = Page.Locator(".chat-message-agent .chat-bubble");
        await Expect(reply).ToContainTextAsync("Let me check your parcel.");
        await Expect(Page.Locator(".chat-status")).ToHaveTextAsync("You're chatting with a person.");

        // The customer answers; the agent sees it live; then the agent hands back to the assistant.
        await Page.GetByRole(AriaRole.Textbox).FillAsync("Thanks, order LM20260001234");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(agent.Locator(".agent-message-customer").Last).ToContainTextAsync("LM20260001234");
        await agent.ClickAsync("#agent-hand-back");
        await Expect(Page.Locator(".chat-status")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnAgentCannotReplyBeforeTakingTheConversationOver()
    {
        var agent = await SignInAgentAsync("desk.agent2");
        await Page.GotoAsync("/widget?lang=zh");
        await WidgetTests.WaitForInteractiveAsync(Page);
        await Page.GetByRole(AriaRole.Textbox).FillAsync("转人工，我要投诉快递员");
        await Page.Keyboard.PressAsync("Enter");

        var waiting = agent.Locator(".agent-item", new() { HasText = "我要投诉快递员" });
        await waiting.ClickAsync();

        await Expect(agent.Locator("#agent-take")).ToBeVisibleAsync();
        await Expect(agent.Locator("#agent-reply-text")).ToHaveCountAsync(0);
    }
}
