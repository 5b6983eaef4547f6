using Microsoft.Playwright;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// Radzen's dialog host (RadzenComponents in the admin layout) becomes interactive a moment after
/// the page does; a click in between opens nothing. A person cannot click that fast, a test can:
/// click, and click again if no dialog appeared.
/// </summary>
public static class RadzenDialogs
{
    public static async Task ClickToOpenAsync(IPage page, ILocator button)
    {
        for (var attempt = 0; ; attempt++)
        {
            await button.ClickAsync();
            try
            {
                await page.Locator(".rz-dialog").First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 3000 });
                return;
            }
            catch (TimeoutException) when (attempt < 2)
            {
            }
        }
    }
}
