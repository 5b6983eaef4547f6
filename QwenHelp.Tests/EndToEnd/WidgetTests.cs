using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class WidgetTests(LiveServer server) : BrowserTest(server)
{
    [Theory]
    [InlineData("zh", "如何重置密码?", "如何重置密码?", "忘记密码")]
    [InlineData("en", "How do I reset my password?", "How do I reset my password?", "Forgot password")]
    public async Task AnswersAQuestionWithItsFaqCitation(string lang, string question, string citedQuestion, string answerContains)
    {
        await Page.GotoAsync($"/widget?lang={lang}");
        await WaitForInteractiveAsync(Page);

        await Page.GetByRole(AriaRole.Textbox).FillAsync(question);
        await Page.Keyboard.PressAsync("Enter");

        var answer = Page.Locator(".chat-message-assistant").Nth(1);
        await Expect(answer.Locator(".chat-bubble")).ToContainTextAsync(answerContains);
        await Expect(answer.Locator(".chat-citation")).ToContainTextAsync(citedQuestion);
    }

    [Fact]
    public async Task SwitchesTheWidgetBetweenChineseAndEnglish()
    {
        await Page.GotoAsync("/widget?lang=en");
        await WaitForInteractiveAsync(Page);
        await Expect(Page.Locator(".chat-title")).ToHaveTextAsync("Customer service");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to Chinese" }).ClickAsync();

        await Expect(Page.Locator(".chat-title")).ToHaveTextAsync("在线客服");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "发送" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheDemoPageOpensTheWidgetFromItsLauncher()
    {
        await Page.GotoAsync("/demo");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();

        var widget = Page.FrameLocator("[data-qwenhelp] iframe");
        await Expect(widget.Locator(".chat-title")).ToBeVisibleAsync();
        await Expect(widget.Locator("input#chat-input")).ToBeVisibleAsync();
    }

    /// <summary>The page is prerendered first; typing before the circuit connects would be lost.</summary>
    internal static async Task WaitForInteractiveAsync(IPage page) =>
        await page.WaitForSelectorAsync(".chat[data-interactive=true]");
}
