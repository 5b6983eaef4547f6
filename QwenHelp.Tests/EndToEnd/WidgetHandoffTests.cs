using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class WidgetHandoffTests(LiveServer server) : BrowserTest(server)
{
    [Fact]
    public async Task AskingForAPersonShowsTheHandoffMessageAndTheWaitingState()
    {
        await Page.GotoAsync("/widget?lang=zh");
        await WidgetTests.WaitForInteractiveAsync(Page);

        await Page.GetByRole(AriaRole.Textbox).FillAsync("转人工");
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble")).ToContainTextAsync("已为您转接人工客服");
        await Expect(Page.Locator(".chat-status")).ToHaveTextAsync("人工客服将很快在这里回复您。您可以继续留言，客服都能看到。");
    }

    [Fact]
    public async Task AnOrderNumberGetsTheOrderStatusWithoutAModelButAnAnonymousVisitorNotItsTrackingNumber()
    {
        await Page.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(Page);

        await Page.GetByRole(AriaRole.Textbox).FillAsync("Where is my order LM20260001234?");
        await Page.Keyboard.PressAsync("Enter");

        // Decision 0160: an anonymous visitor learns the status; carrier and tracking need the owner.
        var answer = Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble");
        await Expect(answer).ToContainTextAsync("LM20260001234 is on its way");
        await Expect(answer).Not.ToContainTextAsync("SF1234567890");
    }
}
