using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Persistence.Tables;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.PostgreSql;

/// <summary>The schema and what the database itself guarantees (cascades, document versions, vector clean-up) on a real PostgreSQL.</summary>
public class PostgreSqlPersistenceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = database.CreateHost();
        await _host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private Task<QwenHelpDbContext> OpenAsync() => _host.Services.GetRequiredService<IDbContextFactory<QwenHelpDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task AnEmptyDatabaseGetsEveryTableOfTheModelAndASecondRunChangesNothing()
    {
        await using var db = await OpenAsync();
        var modelTables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().Count();

        Assert.Empty(await _host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(modelTables, await database.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'"));
        Assert.Equal(1, await database.ScalarAsync("SELECT version FROM knowledge_base_version WHERE id = 1"));
    }

    [Fact]
    public async Task ADatabaseWithAMigrationThisVersionDoesNotKnowIsRefusedAndLeftAsItWas()
    {
        await database.ExecuteAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0')");
        try
        {
            var tables = await database.ScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'");

            var failure = await Assert.ThrowsAsync<DatabaseStartupException>(() => _host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync());

            Assert.Contains("29991231000000_FromTheFuture", failure.Message);
            Assert.Equal(tables, await database.ScalarAsync("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        finally
        {
            await database.ExecuteAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '29991231000000_FromTheFuture'");
        }
    }

    [Fact]
    public async Task DeletingAConversationTakesItsMessagesFeedbackMetricsAndAssignmentWithIt()
    {
        var id = Guid.CreateVersion7();
        await using (var db = await OpenAsync())
        {
            var conversation = new Conversation { Id = id, VisitorId = "v-pg", Channel = "widget", Language = "en" };
            var question = new Message { ConversationId = id, Role = MessageRole.Customer, Text = "Where is my parcel?", CreatedAt = DateTimeOffset.UtcNow };
            var answer = new Message { ConversationId = id, Role = MessageRole.Assistant, Text = "On its way.", CreatedAt = DateTimeOffset.UtcNow };
            db.Conversations.Add(conversation);
            db.Messages.AddRange(question, answer);
            await db.SaveChangesAsync();
            db.Feedback.Add(new Feedback { ConversationId = id, MessageId = answer.Id, Rating = 1, CreatedAt = DateTimeOffset.UtcNow });
            db.TurnMetrics.Add(new TurnMetrics { MessageId = answer.Id, ConversationId = id, Language = "en", CreatedAt = DateTimeOffset.UtcNow });
            db.Set<AgentAssignmentRow>().Add(new AgentAssignmentRow { ConversationId = id, Agent = "agent.li", TakenAt = 1 });
            await db.SaveChangesAsync();
        }

        await using (var db = await OpenAsync())
        {
            Assert.Equal(1, await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync());
        }

        foreach (var table in new[] { "messages", "feedback", "turn_metrics", "agent_assignments" })
        {
            Assert.Equal(0, await database.ScalarAsync($"SELECT COUNT(*) FROM {table} WHERE conversation_id = '{id}'"));
        }
    }

    [Fact]
    public async Task EveryChangeOfADocumentsTextKeepsTheEarlierVersion()
    {
        await using var db = await OpenAsync();
        var document = new KnowledgeDocument { Title = "Returns", Content = "Thirty days.", Category = "policies", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.KnowledgeDocuments.Add(document);
        await db.SaveChangesAsync();
        document.Content = "Forty days.";
        await db.SaveChangesAsync();
        document.Enabled = false;
        await db.SaveChangesAsync();

        var versions = await db.KnowledgeDocumentVersions.AsNoTracking().Where(v => v.DocumentId == document.Id).OrderBy(v => v.Version).ToListAsync();

        Assert.Equal([(1, "Thirty days."), (2, "Forty days.")], versions.Select(v => (v.Version, v.Content)));
    }

    [Fact]
    public async Task DeletingAnFaqEntryTakesItsVectorsWithIt()
    {
        await using var db = await OpenAsync();
        var entry = new FaqEntry { Question = "Do you ship abroad?", Answer = "Yes.", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
        db.FaqEntries.Add(entry);
        await db.SaveChangesAsync();
        db.Set<PassageVectorRow>().Add(new PassageVectorRow { Kind = 0, SourceId = entry.Id, ModelId = "m", Dimension = 1, Vector = [0, 0, 128, 63], ContentHash = "h" });
        await db.SaveChangesAsync();

        await db.FaqEntries.Where(e => e.Id == entry.Id).ExecuteDeleteAsync();

        Assert.Equal(0, await database.ScalarAsync($"SELECT COUNT(*) FROM passage_vectors WHERE kind = 0 AND source_id = {entry.Id}"));
    }
}
