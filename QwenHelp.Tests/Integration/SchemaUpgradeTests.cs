using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

public class SchemaUpgradeTests
{
    [Fact]
    public async Task ADatabaseFromTheFirstMigrationIsUpgradedWithItsRowsIntactAndSearchable()
    {
        using var data = new TempDataFolder();
        var connectionString = SqliteConnectionStrings.ForFile(data.DatabaseFile);
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);

        // A database as version 1 left it, with a customer's rows in it.
        await migrator.MigrateAsync(connectionString, targetVersion: 1);
        SqliteProbe.Execute(data.DatabaseFile, """
            INSERT INTO faq_entries (question, answer, alternate_questions, category, language, enabled, created_at, updated_at)
            VALUES ('Can I pick up my order at the Hangzhou warehouse?', 'Yes, weekdays 9:00-17:00.', '["warehouse pickup"]', 'shipping', 'en', 1, 1700000000000, 1700000000000);
            INSERT INTO conversations (id, visitor_id, channel, language, state, created_at, updated_at)
            VALUES ('6F1C5E2A-0000-4000-8000-000000000001', 'v1', 'widget', 'en', 3, 1700000000000, 1700000000500);
            INSERT INTO messages (conversation_id, role, text, answer_mode, citations, created_at)
            VALUES ('6F1C5E2A-0000-4000-8000-000000000001', 0, 'hello', NULL, '[]', 1700000000000);
            """);
        SqliteConnection.ClearAllPools();

        var applied = await migrator.MigrateAsync(connectionString);

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version).Where(v => v > 1), applied);
        Assert.Equal(SchemaMigrator.All.Count, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM faq_entries WHERE question LIKE '%Hangzhou warehouse%' AND updated_at = 1700000000000"));
        Assert.Equal(1, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM messages WHERE text = 'hello'"));
        Assert.Equal(1, SqliteProbe.Scalar(data.DatabaseFile, "SELECT COUNT(*) FROM conversations WHERE state = 3"));
        Assert.Equal("wal", QueryText(data.DatabaseFile, "PRAGMA journal_mode"));

        // Running again changes nothing.
        Assert.Empty(await migrator.MigrateAsync(connectionString));
    }

    [Fact]
    public async Task TheAppStartsOnAnUpgradedDatabaseAndAnswersFromTheOldRows()
    {
        using var factory = new ExistingDatabaseFactory();
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync(SqliteConnectionStrings.ForFile(factory.DatabaseFile), targetVersion: 1);
        SqliteProbe.Execute(factory.DatabaseFile, """
            INSERT INTO faq_entries (question, answer, alternate_questions, category, language, enabled, created_at, updated_at)
            VALUES ('Can I pick up my order at the Hangzhou warehouse?', 'Yes, weekdays 9:00-17:00.', '[]', 'shipping', 'en', 1, 1700000000000, 1700000000000);
            """);
        SqliteConnection.ClearAllPools();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/chat", new { message = "pick up at the Hangzhou warehouse" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Yes, weekdays 9:00-17:00.", body.GetProperty("answer").GetString());
        // Seeding only fills an empty knowledge base: the operator's one entry stays the only one.
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries"));
    }

    private static string? QueryText(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private sealed class ExistingDatabaseFactory : QwenHelpFactory;
}
