using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

public class ReembeddingJobTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TempDataFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AfterTheEmbeddingDimensionChangesACancelledReembeddingResumesAndSwitchesOnceWhileQueriesKeepGettingVectorResults()
    {
        await using (var before = new JobsAppFactory(_folder.Path))
        {
            _ = before.Server; // 512 dimensions, every passage embedded at start-up
        }

        var database = Path.Combine(_folder.Path, "qwenhelp.db");
        var passages = SqliteProbe.Scalar(database, "SELECT (SELECT COUNT(*) FROM faq_entries) + (SELECT COUNT(*) FROM knowledge_chunks)");
        Assert.Equal(passages, SqliteProbe.Scalar(database, "SELECT COUNT(*) FROM passage_vectors WHERE dimension = 512"));

        await using var app = new JobsAppFactory(_folder.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Embeddings:BuiltIn:Dimension"] = "256",
            ["QwenHelp:Retrieval:EmbedPendingOnStartLimit"] = "0",
            ["QwenHelp:Jobs:ReembedBatchSize"] = "16",
        });
        _ = app.Server;
        var index = app.GetService<KnowledgeIndex>();
        var retriever = app.GetService<IKnowledgeRetriever>();
        var scheduler = app.Scheduler;

        // The new embedder has no vectors yet: the previous one's serve.
        Assert.False(index.Serving!.IsConfigured);
        Assert.Equal(512, index.Serving.Space.Dimension);
        Assert.Equal(passages, index.Serving.Vectors.Count);

        // Cancel the first run after two committed batches, asking a question at that very moment.
        RetrievalResult? duringRun = null;
        var cancelled = 0;
        void CancelMidway()
        {
            if (scheduler.GetRunning(ReembeddingJob.JobKey) is { Progress: { Stage: "embedding", Done: >= 32 } } && Interlocked.Exchange(ref cancelled, 1) == 0)
            {
                duringRun = retriever.RetrieveAsync(new RetrievalQuery("How do I reset my password?", "en"), default).GetAwaiter().GetResult();
                scheduler.CancelAsync(ReembeddingJob.JobKey, "test").GetAwaiter().GetResult();
            }
        }

        scheduler.Changed += CancelMidway;
        var first = await scheduler.WaitForRunAsync((await scheduler.RunNowAsync(ReembeddingJob.JobKey, "admin")).RunId!).WaitAsync(Patience);
        scheduler.Changed -= CancelMidway;
        var builtBeforeCancel = SqliteProbe.Scalar(database, "SELECT COUNT(*) FROM passage_vectors WHERE dimension = 256");
        var afterCancel = await retriever.RetrieveAsync(new RetrievalQuery("退货运费谁出", "zh"), default);

        Assert.Equal(JobRunOutcome.Cancelled, first.Outcome);
        Assert.InRange(builtBeforeCancel, 32, passages - 1);
        Assert.Equal(512, index.Serving!.Space.Dimension);
        Assert.Equal(passages, index.Serving.Vectors.Count);
        Assert.Contains(duringRun!.Passages, p => p.Provenance.Any(h => h.Retriever == "vector"));
        Assert.Contains(afterCancel.Passages, p => p.Provenance.Any(h => h.Retriever == "vector"));

        var second = await scheduler.WaitForRunAsync((await scheduler.RunNowAsync(ReembeddingJob.JobKey, "admin")).RunId!).WaitAsync(Patience);
        var afterSwitch = await retriever.RetrieveAsync(new RetrievalQuery("How do I reset my password?", "en"), default);

        Assert.Equal(JobRunOutcome.Ok, second.Outcome);
        // Resumed: only what the cancelled run had not committed was embedded.
        Assert.StartsWith($"Embedded {passages - builtBeforeCancel} of {passages - builtBeforeCancel} passages", second.Summary, StringComparison.Ordinal);
        Assert.Contains("switched queries from", second.Summary, StringComparison.Ordinal);
        Assert.True(index.Serving!.IsConfigured);
        Assert.Equal(256, index.Serving.Space.Dimension);
        Assert.Equal(passages, index.Serving.Vectors.Count);
        Assert.Equal(passages, SqliteProbe.Scalar(database, "SELECT COUNT(*) FROM passage_vectors WHERE dimension = 256"));
        Assert.Equal(0, SqliteProbe.Scalar(database, "SELECT COUNT(*) FROM passage_vectors WHERE dimension <> 256"));
        Assert.Equal(0, SqliteProbe.Scalar(database, "SELECT COUNT(*) FROM search_index_state WHERE name = 'vector.stale' AND value <> '0'"));
        Assert.Contains(afterSwitch.Passages, p => p.Provenance.Any(h => h.Retriever == "vector"));
        Assert.Equal(PassageKind.Faq, afterSwitch.ConfidentFaq?.Kind);
    }
}
