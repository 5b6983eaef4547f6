using Microsoft.Playwright;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// Saves a screenshot of the page the test is on when QWENHELP_SCREENSHOTS names a folder (the
/// README's screenshots are taken this way, from the very states the tests check); otherwise nothing.
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("QWENHELP_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.SetViewportSizeAsync(1280, 860);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.WaitForTimeoutAsync(600); // let dialogs finish fading in
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }
}
