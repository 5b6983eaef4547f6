using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

public class IndexUpkeepJobTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private async Task<JobRunRecord> RunUpkeepAsync()
    {
        var scheduler = factory.GetService<JobScheduler>();
        return await scheduler.WaitForRunAsync((await scheduler.RunNowAsync(IndexUpkeepJob.JobKey, "admin")).RunId!).WaitAsync(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task RowsBrokenWithRawSqlAreFoundReportedAndRepairedAndASecondRunFindsNothing()
    {
        _ = factory.Server;
        var db = factory.DatabaseFile;
        var faq = SqliteProbe.Scalar(db, "SELECT MIN(id) FROM faq_entries WHERE language = 'en'");
        var edited = SqliteProbe.Scalar(db, "SELECT MAX(id) FROM faq_entries WHERE language = 'en'");
        var chunk = SqliteProbe.Scalar(db, "SELECT MIN(id) FROM knowledge_chunks");
        var model = SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM passage_vectors");

        SqliteProbe.Execute(db, $"""
            DELETE FROM faq_fts WHERE rowid = {faq};
            INSERT INTO chunk_fts (rowid, heading, text) VALUES (987654, 'orphan', 'orphan row');
            UPDATE faq_entries SET question = 'Can I pay with seashells at the counter?' WHERE id = {edited};
            DELETE FROM passage_vectors WHERE kind = 1 AND source_id = {chunk};
            INSERT INTO passage_vectors (kind, source_id, model_id, dimension, vector, content_hash, created_at)
                SELECT 0, 987654, model_id, dimension, vector, content_hash, created_at FROM passage_vectors LIMIT 1;
            UPDATE passage_vectors SET vector = zeroblob(12) WHERE kind = 0 AND source_id = {faq};
            """);

        var run = await RunUpkeepAsync();

        Assert.Equal(JobRunOutcome.Ok, run.Outcome);
        Assert.Contains("1 missing keyword row", run.Summary, StringComparison.Ordinal);
        Assert.Contains("1 left-over keyword row", run.Summary, StringComparison.Ordinal);
        Assert.Contains("1 outdated keyword row", run.Summary, StringComparison.Ordinal);
        Assert.Contains("1 left-over vector", run.Summary, StringComparison.Ordinal);
        Assert.Contains("1 corrupt vector", run.Summary, StringComparison.Ordinal);
        Assert.Contains("1 vector made from outdated text", run.Summary, StringComparison.Ordinal);
        Assert.Contains("rebuilt the keyword index", run.Summary, StringComparison.Ordinal);

        // The tables agree again, row by row.
        Assert.Equal(0, SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM faq_entries f WHERE NOT EXISTS (SELECT 1 FROM faq_fts i WHERE i.rowid = f.id)"));
        Assert.Equal(0, SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM knowledge_chunks)"));
        Assert.Equal(0, SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM passage_vectors WHERE kind = 0 AND source_id NOT IN (SELECT id FROM faq_entries)"));
        Assert.Equal(0, SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM passage_vectors WHERE length(vector) <> dimension * 4"));
        Assert.Equal(model, SqliteProbe.Scalar(db, "SELECT COUNT(*) FROM passage_vectors"));

        // The edited question is searchable by its new words, in memory and by vector.
        var found = await factory.GetService<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("pay with seashells", "en"), default);
        Assert.Equal((int)edited, found.Passages[0].SourceId);
        Assert.Contains(found.Passages[0].Provenance, h => h.Retriever == "vector");
        Assert.Equal(SqliteProbe.Scalar(db, "SELECT (SELECT COUNT(*) FROM faq_entries) + (SELECT COUNT(*) FROM knowledge_chunks)"),
            factory.GetService<KnowledgeIndex>().Keyword.Count);

        var again = await RunUpkeepAsync();
        Assert.Equal(JobRunOutcome.Ok, again.Outcome);
        Assert.Contains("consistent", again.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Found", again.Summary, StringComparison.Ordinal);
    }
}
