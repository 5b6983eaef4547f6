using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class AdminFaqTests(LiveServer server) : BrowserTest(server)
{
    [Fact]
    public async Task AWrongPasswordIsRefused()
    {
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#username", Support.QwenHelpFactory.AdminUser);
        await Page.FillAsync("#password", "not-the-password");
        await Page.ClickAsync("button[type=submit]");

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong");
    }

    [Fact]
    public async Task AnAdminAddsAnFaqEntryAndTheWidgetAnswersIt()
    {
        await SignInAsAdminAsync(Page);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/faq"));
        await Page.WaitForSelectorAsync(".faq-page[data-interactive=true]");

        await RadzenDialogs.ClickToOpenAsync(Page, Page.Locator("#faq-add"));
        await Page.FillAsync("#faq-question", "Do you offer engraving on watches?");
        await Page.FillAsync("#faq-answer", "Yes: free laser engraving of up to 12 characters on every watch.");
        await Page.FillAsync("#faq-alternates", "watch engraving");
        await Page.FillAsync("#faq-category", "orders");
        await Page.ClickAsync("#faq-save");
        await Expect(Page.Locator(".rz-dialog")).ToHaveCountAsync(0);
        await Page.FillAsync("#faq-search", "engraving");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("Do you offer engraving on watches?");

        var customer = await NewPageAsync();
        await customer.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(customer);
        await customer.GetByRole(AriaRole.Textbox).FillAsync("Can you engrave my watch?");
        await customer.Keyboard.PressAsync("Enter");

        var answer = customer.Locator(".chat-message-assistant").Nth(1);
        await Expect(answer.Locator(".chat-bubble")).ToContainTextAsync("free laser engraving");
        await Expect(answer.Locator(".chat-citation")).ToContainTextAsync("Do you offer engraving on watches?");
    }
}
