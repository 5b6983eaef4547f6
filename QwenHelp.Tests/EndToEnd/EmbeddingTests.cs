using Microsoft.Playwright;
using QwenHelp.Infrastructure.Widget;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class EmbeddingTests(LiveServer server) : BrowserTest(server)
{
    private WidgetSiteService Sites => (WidgetSiteService)Server.LiveServices.GetService(typeof(WidgetSiteService))!;

    [Fact]
    public async Task APageOnAnAllowedOriginEmbedsTheWidgetWithOneTagAndGetsAnswers()
    {
        await using var shop = await ForeignSite.StartAsync(Server.BaseAddress, "e2e-shop");
        var saved = await Sites.SaveAsync(new WidgetSiteInput(null, "e2e-shop", "E2E shop", [shop.OriginText]));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors));

        await Page.GotoAsync(shop.Origin.ToString());
        var launcher = Page.Locator("[data-qwenhelp] button");
        await launcher.ClickAsync();

        var widget = Page.FrameLocator("[data-qwenhelp] iframe");
        await widget.Locator(".chat[data-interactive=true]").WaitForAsync();
        await widget.GetByRole(AriaRole.Textbox).FillAsync("How do I reset my password?");
        await widget.GetByRole(AriaRole.Textbox).PressAsync("Enter");
        var answer = widget.Locator(".chat-message-assistant").Nth(1);
        await Expect(answer.Locator(".chat-citation")).ToContainTextAsync("How do I reset my password?");

        // The host page's own styles are untouched by the widget, and the widget keeps its own.
        await Expect(Page.Locator("#host-button")).ToHaveCSSAsync("color", "rgb(255, 0, 0)");
        await Expect(launcher).ToHaveCSSAsync("background-color", "rgb(10, 124, 66)");
    }

    [Fact]
    public async Task APageOnAnOriginThatIsNotAllowedGetsNoWidget()
    {
        await using var stranger = await ForeignSite.StartAsync(Server.BaseAddress, WidgetSiteService.DemoSiteKey);
        ExpectBrowserError("blocked by CORS policy");
        ExpectBrowserError("net::ERR_FAILED");

        // The browser itself refuses the site configuration to this origin; the loader then adds nothing.
        var refused = Page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("blocked by CORS policy", StringComparison.Ordinal) });
        await Page.GotoAsync(stranger.Origin.ToString());
        await refused;

        await Expect(Page.Locator("[data-qwenhelp]")).ToHaveCountAsync(0);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Another shop");
    }
}
