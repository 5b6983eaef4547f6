using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

[Collection(LiveServerGroup.Name)]
public class FaqImportExportTests(LiveServer server) : BrowserTest(server)
{
    /// <summary>
    /// Chooses the file, again if the dialog's file input was not wired up yet when the first choice
    /// arrived (a test is faster than any person between opening a dialog and picking a file).
    /// </summary>
    private async Task UploadAsync(FilePayload file)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Page.SetInputFilesAsync("#faq-import-file", file);
            try
            {
                await Page.Locator("#faq-import-result").WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private async Task OpenImportAsync()
    {
        await SignInAsAdminAsync(Page);
        await Page.WaitForSelectorAsync(".faq-page[data-interactive=true]");
        await RadzenDialogs.ClickToOpenAsync(Page, Page.Locator("#faq-import"));
    }

    [Fact]
    public async Task ACsvImportWithBadLinesReportsThemByLineAndImportsNothing()
    {
        await OpenImportAsync();

        await UploadAsync(new FilePayload
        {
            Name = "faq.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("question,answer,category,language\nDo you sell umbrellas?,Yes.,orders,en\nDo you sell kites?,,orders,en\nDo you sell drones?,Yes.,orders,de\n"),
        });

        var result = Page.Locator("#faq-import-result");
        await Expect(result).ToContainTextAsync("line 3, answer");
        await Expect(result).ToContainTextAsync("line 4, language");
        await Page.ClickAsync("#faq-import-close");
        await Page.FillAsync("#faq-search", "umbrellas");
        await Expect(Page.Locator(".rz-data-grid")).Not.ToContainTextAsync("Do you sell umbrellas?");
    }

    [Fact]
    public async Task AGoodJsonlImportIsListedAtOnce()
    {
        await OpenImportAsync();

        await UploadAsync(new FilePayload
        {
            Name = "faq.jsonl",
            MimeType = "application/x-ndjson",
            Buffer = Encoding.UTF8.GetBytes("{\"question\":\"可以开具增值税专用发票吗？（导入测试）\",\"answer\":\"可以。\",\"category\":\"invoices\",\"language\":\"zh\"}\n"),
        });

        await Expect(Page.Locator("#faq-import-result")).ToContainTextAsync("1");
        await Page.ClickAsync("#faq-import-close");
        await Page.FillAsync("#faq-search", "导入测试");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("可以开具增值税专用发票吗？（导入测试）");
    }
}
