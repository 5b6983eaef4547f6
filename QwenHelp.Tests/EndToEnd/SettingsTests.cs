using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class SettingsTests(LiveServer server) : BrowserTest(server)
{
    [Fact]
    public async Task AnAdminCreatesAnApiKeyThatIsShownOnceAndAudited()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/api-keys");
        await Page.WaitForSelectorAsync(".keys-page[data-interactive=true]");

        await Page.FillAsync("#key-name", "Helpdesk bridge");
        await Page.ClickAsync("#key-create");

        await Expect(Page.Locator("#key-secret")).ToContainTextAsync("qh_");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("Helpdesk bridge");

        await Page.GotoAsync("/admin/audit");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("apikey.create");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("Helpdesk bridge");
    }

    [Fact]
    public async Task AnAdminAddsAWidgetSiteWithItsAllowedOrigin()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/sites");
        await Page.WaitForSelectorAsync(".sites-page[data-interactive=true]");

        await RadzenDialogs.ClickToOpenAsync(Page, Page.Locator("#site-add"));
        await Page.FillAsync("#site-name", "Flagship store");
        await Page.FillAsync("#site-key", "flagship");
        await Page.FillAsync("#site-origins", "https://www.flagship.example\nnot an origin");
        await Page.ClickAsync("#site-save");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not an origin");

        await Page.FillAsync("#site-origins", "https://www.flagship.example");
        await Page.ClickAsync("#site-save");

        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("https://www.flagship.example");
    }

    [Fact]
    public async Task AnAdminAddsAHandoffPhraseAndTheWidgetHandsOffOnItAndTheChangeIsAudited()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/settings");
        await Page.WaitForSelectorAsync(".settings-page[data-interactive=true]");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Handoff rules" }).ClickAsync();
        var phrases = Page.Locator("#settings-explicit");
        await phrases.FillAsync(await phrases.InputValueAsync() + "\nfetch the store manager");
        await Page.ClickAsync("#settings-save");
        await Expect(Page.Locator(".rz-notification")).ToContainTextAsync("Saved");

        var customer = await NewPageAsync();
        await customer.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(customer);
        await customer.GetByRole(AriaRole.Textbox).FillAsync("Please fetch the store manager");
        await customer.Keyboard.PressAsync("Enter");
        await Expect(customer.Locator(".chat-status")).ToHaveTextAsync("A person will reply here soon. You can keep writing; they will see everything.");

        await Page.GotoAsync("/admin/audit");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("settings.update");
    }

    [Fact]
    public async Task AnAdminSavesModelSettingsAndABudgetThatDoesNotFitIsRefusedWithItsReason()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/settings");
        await Page.WaitForSelectorAsync(".settings-page[data-interactive=true]");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Model" }).ClickAsync();
        await Expect(Page.Locator("#model-running")).ToContainTextAsync("none");

        await NumberInput("#model-answer-reserve").FillAsync("20000");
        await Page.ClickAsync("#model-save");
        await Expect(Page.Locator("#model-errors")).ToContainTextAsync("at most half of QwenHelp:Conversation:ContextTokens");

        await NumberInput("#model-answer-reserve").FillAsync("800");
        await NumberInput("#model-max-tokens").FillAsync("300");
        await Page.ClickAsync("#model-save");
        await Expect(Page.Locator(".rz-notification")).ToContainTextAsync("Saved");
        await Expect(Page.Locator("#model-errors")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(Page, "settings-model");

        await Page.GotoAsync("/admin/audit");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("settings.model.update");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("MaxNewTokens 512 → 300");
    }

    /// <summary>A RadzenNumeric's text box (the id may sit on the input or on its wrapper).</summary>
    private ILocator NumberInput(string selector) => Page.Locator($"input{selector}, {selector} input").First;
}
