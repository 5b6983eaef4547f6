using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Infrastructure.Identity;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Persistence;

/// <summary>
/// TestData/legacy-2026-12-03.db.gz (gzipped: 1.9 MB, most of it the demo passages' vectors) was made by the last release before EF Core migrations (main at
/// 48817f9): demo data seeded, the admin "admin" (password Test-Admin-Pass1), an agent "agent.li"
/// (Agent-Pass-2024), one answered chat, an API key and a ticket.
/// </summary>
public class LegacyDatabaseUpgradeTests
{
    private static readonly string[] LegacyTables =
    [
        "faq_entries", "knowledge_documents", "knowledge_chunks", "conversations", "messages", "feedback", "staff_users",
        "turn_metrics", "tool_calls", "tickets", "engine_settings", "knowledge_base_version", "widget_sites", "api_keys", "audit_log",
        "agent_assignments", "knowledge_document_versions", "job_schedules", "job_runs", "job_state", "analytics_daily",
        "archive_files", "archived_conversations", "restored_conversations", "passage_vectors", "search_index_state",
    ];

    [Fact]
    public async Task ADatabaseFromTheLastReleaseBeforeEfMigrationsIsTakenOverWithEveryRowKept()
    {
        using var data = new TempDataFolder();
        await using (var packed = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "legacy-2026-12-03.db.gz")), CompressionMode.Decompress))
        await using (var file = File.Create(data.DatabaseFile))
        {
            await packed.CopyToAsync(file);
        }

        var before = LegacyTables.ToDictionary(t => t, t => SqliteProbe.Scalar(data.DatabaseFile, $"SELECT COUNT(*) FROM {t}"));

        using var app = new DataFolderAppFactory(data.Path, new Dictionary<string, string> { ["QwenHelp:Admin:Password"] = "Not-Used-Again-1" });
        var reply = await app.CreateClient().PostAsJsonAsync("/api/chat", new { message = "How long does shipping take?" });

        reply.EnsureSuccessStatusCode();
        Assert.False(string.IsNullOrWhiteSpace((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answer").GetString()));
        await using (var db = await app.Get<IDbContextFactory<QwenHelpDbContext>>().CreateDbContextAsync())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        // The old accounts sign in with their old passwords; the configured admin password does not replace one that exists.
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var admin = await users.FindByNameAsync("admin");
            var agent = await users.FindByNameAsync("agent.li");
            Assert.NotNull(admin);
            Assert.NotNull(agent);
            Assert.True(await users.CheckPasswordAsync(admin, "Test-Admin-Pass1"));
            Assert.True(await users.CheckPasswordAsync(agent, "Agent-Pass-2024"));
            Assert.Equal([StaffRoles.Agent], agent.Roles);
        }

        app.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var table in LegacyTables.Except(["conversations", "messages", "turn_metrics", "audit_log", "search_index_state", "knowledge_base_version"]))
        {
            Assert.True(before[table] == SqliteProbe.Scalar(data.DatabaseFile, $"SELECT COUNT(*) FROM {table}"), $"{table} lost or gained rows");
        }

        // The new chat added one conversation with its question and answer; the old one is still there.
        Assert.Equal(before["conversations"] + 1, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM conversations"));
        Assert.Equal(1, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM tickets WHERE summary = 'Parcel missing' AND conversation_id IN (SELECT id FROM conversations)"));
        Assert.Equal(before["messages"] + 2, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task ADatabaseMadeByANewerVersionStopsStartUpNamingItsMigrationAndIsLeftAsItWas()
    {
        using var data = new TempDataFolder();
        using (var first = new DataFolderAppFactory(data.Path))
        {
            _ = first.Services;
        }

        SqliteConnection.ClearAllPools();
        SqliteProbe.Execute(data.DatabaseFile, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0')");
        var tables = SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM sqlite_master");
        var faq = SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM faq_entries");

        using var second = new DataFolderAppFactory(data.Path);
        var failure = Assert.ThrowsAny<Exception>(() => second.Services);

        Assert.Contains("29991231000000_FromTheFuture", Flatten(failure));
        SqliteConnection.ClearAllPools();
        Assert.Equal(tables, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM sqlite_master"));
        Assert.Equal(faq, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM faq_entries"));
    }

    internal static string Flatten(Exception exception) => exception is AggregateException aggregate
        ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
        : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
