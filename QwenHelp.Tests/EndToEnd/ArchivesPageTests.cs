using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Archiving;
using QwenHelp.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>Its own server: archiving moves every old conversation out of the database, which other browser tests' data must not be.</summary>
[CollectionDefinition(Name)]
public sealed class ArchivesServerGroup : ICollectionFixture<LiveServer>
{
    public const string Name = "archives live server";
}

[Collection(ArchivesServerGroup.Name)]
public class ArchivesPageTests(LiveServer server) : BrowserTest(server)
{
    [Fact]
    public async Task AnAdminSeesAnArchiveDownloadsItAndRestoresItsConversations()
    {
        var seeds = new[]
        {
            ConversationSeed.StartedAt("2025-04-01T08:00:00Z").Turn("How do I return an item?", AnswerMode.Direct, 40).Rated(1).Closed(),
            ConversationSeed.StartedAt("2025-04-01T09:00:00Z", "zh").Turn("怎么申请退货？", AnswerMode.Direct, 40).Closed(),
        };
        foreach (var seed in seeds)
        {
            await seed.SaveAsync(Server);
        }

        var archived = await Server.LiveServices.GetRequiredService<ConversationArchiver>().ArchiveAsync(null, CancellationToken.None);
        Assert.Contains("conversations-2025-04-01.jsonl.gz", archived.Files);
        Assert.Equal(0, await CountLiveAsync(seeds));

        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/archives");
        await Page.WaitForSelectorAsync(".archives-page[data-interactive=true]");
        var row = Page.Locator(".rz-data-grid tr", new() { HasText = "conversations-2025-04-01.jsonl.gz" });
        await Expect(row).ToContainTextAsync("2025-04-01");
        await Expect(row).ToContainTextAsync("Verified");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("2");

        var download = await Page.APIRequest.GetAsync(await row.Locator("a.archive-download").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, download.Status);
        var body = await download.BodyAsync();
        Assert.Equal([0x1f, 0x8b], body[..2]);

        await RadzenDialogs.ClickToOpenAsync(Page, row.Locator(".archive-restore"));
        await Page.Locator(".rz-dialog button", new() { HasText = "Restore" }).ClickAsync();

        await Expect(Page.Locator("#archive-status-summary")).ToContainTextAsync("Restored 2 conversations");
        await Expect(row).ToContainTextAsync("(2)");
        Assert.Equal(2, await CountLiveAsync(seeds));
        await Screenshots.SaveAsync(Page, "archives");

        await Page.GotoAsync("/admin/audit");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("archive.restore");
    }

    [Fact]
    public async Task AnAdminChangesTheRetentionOnTheSettingsPageAndABadValueIsRefused()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/settings");
        await Page.WaitForSelectorAsync(".settings-page[data-interactive=true]");
        var days = Page.Locator("#retention-days input").Or(Page.Locator("input#retention-days"));

        await days.FillAsync("45");
        await days.PressAsync("Tab");
        await Page.ClickAsync("#retention-save");
        await Expect(Page.Locator(".rz-notification")).ToContainTextAsync("Retention saved");
        Assert.Equal(45, await Server.LiveServices.GetRequiredService<RetentionSettingsService>().GetDaysAsync());

        await Page.GotoAsync("/admin/audit");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("archive.retention.update");
        await Expect(Page.Locator(".rz-data-grid")).ToContainTextAsync("-> 45 days");
        await Server.LiveServices.GetRequiredService<RetentionSettingsService>().SaveAsync(30, "tests");
    }

    [Fact]
    public async Task TheDatasetDownloadFollowsTheFormAndRefusesAMixThatDoesNotAddUp()
    {
        await SignInAsAdminAsync(Page);
        await Page.GotoAsync("/admin/archives");
        await Page.WaitForSelectorAsync(".archives-page[data-interactive=true]");

        // Knowledge only: this server has no rated conversations, and the mix is kept strictly.
        var knowledge = Page.Locator("#dataset-knowledge input").Or(Page.Locator("input#dataset-knowledge"));
        var dialogue = Page.Locator("#dataset-dialogue input").Or(Page.Locator("input#dataset-dialogue"));
        var exception = Page.Locator("#dataset-exception input").Or(Page.Locator("input#dataset-exception"));
        await Expect(Page.Locator("#dataset-preview")).ToContainTextAsync("limited by");
        await dialogue.FillAsync("0");
        await dialogue.PressAsync("Tab");
        await exception.FillAsync("0");
        await exception.PressAsync("Tab");
        await knowledge.FillAsync("100");
        await knowledge.PressAsync("Tab");
        var max = Page.Locator("#dataset-max input").Or(Page.Locator("input#dataset-max"));
        await max.FillAsync("10");
        await max.PressAsync("Tab");
        await Expect(Page.Locator("#dataset-preview")).ToContainTextAsync("10 examples: 10 knowledge");
        await Expect(Page.Locator("#dataset-download")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("knowledge=100.*max=10"));
        var href = await Page.Locator("#dataset-download").GetAttributeAsync("href");
        var export = await Page.APIRequest.GetAsync(href!);
        Assert.Equal(200, export.Status);
        var lines = (await export.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"instruction\"", l, StringComparison.Ordinal));

        await knowledge.FillAsync("70");
        await knowledge.PressAsync("Tab");
        await Expect(Page.Locator("#dataset-error")).ToContainTextAsync("100");
        var refused = await Page.APIRequest.GetAsync("/api/admin/dataset/export?knowledge=70&dialogue=30&exception=10");
        Assert.Equal(400, refused.Status);
    }

    private async Task<long> CountLiveAsync(IEnumerable<ConversationSeed> seeds)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Server.DatabaseFile, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM conversations WHERE id IN ('{string.Join("','", seeds.Select(s => s.Id.ToString().ToUpperInvariant()))}')";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
