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
        await Expect(Page.Locator(".chat-status")).ToHaveTextAsync("正在等待人工客服接入…");
    }

    [Fact]
    public async Task AnOrderNumberGetsTheOrderStatusWithoutAModel()
    {
        await Page.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(Page);

        await Page.GetByRole(AriaRole.Textbox).FillAsync("Where is my order LM20260001234?");
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble")).ToContainTextAsync("SF1234567890");
    }
}
