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

    [Fact]
    public async Task TheCustomerOpensACitationToReadItsSource()
    {
        await AskAsync(Page, "How do I reset my password?");

        var citation = Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-citation details");
        await citation.Locator("summary").ClickAsync();

        await Expect(citation.Locator(".chat-citation-text")).ToContainTextAsync("Forgot password");
    }

    [Fact]
    public async Task ThumbsDownWithACommentIsStored()
    {
        await AskAsync(Page, "How do I reset my password?");
        var answer = Page.Locator(".chat-message-assistant").Nth(1);

        await answer.GetByRole(AriaRole.Button, new() { Name = "Not helpful" }).ClickAsync();
        await answer.GetByPlaceholder("What was wrong? (optional)").FillAsync("I have no email any more");
        await answer.GetByPlaceholder("What was wrong? (optional)").PressAsync("Enter");

        await Expect(answer.Locator(".chat-thanks")).ToBeVisibleAsync();
        Assert.Equal(1, Support.SqliteProbe.Scalar(Server.DatabaseFile, "SELECT COUNT(*) FROM feedback WHERE rating = -1 AND comment = 'I have no email any more'"));
    }

    [Fact]
    public async Task AReloadBringsBackTheConversation()
    {
        await AskAsync(Page, "运费怎么算?", "zh");
        var firstAnswer = await Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble").InnerTextAsync();

        await Page.ReloadAsync();
        await WaitForInteractiveAsync(Page);

        await Expect(Page.Locator(".chat-message-customer")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("运费怎么算"));
        await Expect(Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-bubble")).ToHaveTextAsync(firstAnswer);
    }

    [Fact]
    public async Task TalkToAPersonShowsTheWaitingState()
    {
        await Page.GotoAsync("/widget?lang=en");
        await WaitForInteractiveAsync(Page);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" }).ClickAsync();

        await Expect(Page.Locator(".chat-status")).ToHaveTextAsync("A person will reply here soon. You can keep writing; they will see everything.");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SuggestedQuestionsAreAnsweredWithOneClick()
    {
        await Page.GotoAsync("/widget?lang=en");
        await WaitForInteractiveAsync(Page);
        var suggestion = Page.Locator(".chat-suggestion").First;
        var question = await suggestion.InnerTextAsync();

        await suggestion.ClickAsync();

        await Expect(Page.Locator(".chat-message-customer .chat-bubble")).ToHaveTextAsync(question);
        await Expect(Page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-citation")).ToContainTextAsync(question);
    }

    internal static async Task AskAsync(IPage page, string question, string lang = "en")
    {
        await page.GotoAsync($"/widget?lang={lang}");
        await WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Textbox).FillAsync(question);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".chat-message-assistant").Nth(1).Locator(".chat-rating")).ToBeVisibleAsync();
    }

    /// <summary>The page is prerendered first; typing before the circuit connects would be lost.</summary>
    internal static async Task WaitForInteractiveAsync(IPage page) =>
        await page.WaitForSelectorAsync(".chat[data-interactive=true]");
}
