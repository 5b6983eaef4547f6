using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Retrieval;

/// <summary>What happens to the vectors when the embedder changes, fails, or comes back.</summary>
public class VectorStalenessTests
{
    private static string State(string databaseFile, string name)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM search_index_state WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() as string ?? "";
    }

    [Fact]
    public async Task AnotherModelMarksTheStoredVectorsStaleAndThePreviousVectorsKeepAnsweringUntilReembedded()
    {
        using var data = new TempDataFolder();
        await using (var first = new DataFolderAppFactory(data.Path))
        {
            _ = first.Server; // seeds the demo data with vectors of the default built-in embedder
        }

        SqliteConnection.ClearAllPools();
        await using var second = new DataFolderAppFactory(data.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Embeddings:BuiltIn:Dimension"] = "256",
            ["QwenHelp:Retrieval:EmbedPendingOnStartLimit"] = "0",
        });
        var client = second.CreateClient();

        Assert.Equal("1", State(second.DatabaseFile, SearchIndexState.VectorStale));
        Assert.Contains("have no vector of qwenhelp-hashing-v1-d256 (256)", State(second.DatabaseFile, SearchIndexState.VectorStaleReason), StringComparison.Ordinal);
        Assert.Contains("stored vectors are from qwenhelp-hashing-v1-d512 (512)", State(second.DatabaseFile, SearchIndexState.VectorStaleReason), StringComparison.Ordinal);
        Assert.Equal("qwenhelp-hashing-v1-d256", State(second.DatabaseFile, SearchIndexState.VectorModel));

        var answer = await (await client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("How do I reset my password?", answer.GetProperty("citations")[0].GetProperty("title").GetString());
        var retrieved = await second.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("reset password", "en"), CancellationToken.None);
        // The previous embedder's complete set keeps serving (docs/decisions/0063), not keyword search alone.
        Assert.Equal(512, second.Get<KnowledgeIndex>().Serving!.Space.Dimension);
        Assert.Contains(retrieved.Passages[0].Provenance, h => h.Retriever == "vector");

        // Re-embedding (the jobs' work) brings the index back to current.
        var embedded = await second.Get<KnowledgeIndex>().EmbedPendingAsync(int.MaxValue, null, CancellationToken.None);

        Assert.Equal(SqliteProbe.Scalar(second.DatabaseFile, "SELECT (SELECT COUNT(*) FROM faq_entries) + (SELECT COUNT(*) FROM knowledge_chunks)"), embedded);
        Assert.Equal("0", State(second.DatabaseFile, SearchIndexState.VectorStale));
        var after = await second.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("reset password", "en"), CancellationToken.None);
        Assert.Contains(after.Passages[0].Provenance, h => h.Retriever == "vector");
        Assert.Equal(256, second.Get<KnowledgeIndex>().Serving!.Space.Dimension);
    }

    [Fact]
    public async Task AfterARestartTheIndexesLoadFromTheDatabaseAndAnswerTheSame()
    {
        using var data = new TempDataFolder();
        RetrievalResult before;
        int id;
        await using (var first = new DataFolderAppFactory(data.Path))
        {
            id = (await first.Get<FaqService>().CreateAsync(new FaqEntryInput("Can I rent a scooter at the store?", "Yes, ¥20 per hour.", [], "orders", "en"))).Entry!.Id;
            before = await first.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("rent a scooter", "en"), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        await using var second = new DataFolderAppFactory(data.Path);
        _ = second.Server;
        var after = await second.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("rent a scooter", "en"), CancellationToken.None);

        Assert.Equal(id, after.Passages[0].SourceId);
        Assert.Equal(before.Passages.Select(p => (p.Kind, p.SourceId)), after.Passages.Select(p => (p.Kind, p.SourceId)));
        Assert.Equal(before.Passages.Select(p => p.Score), after.Passages.Select(p => p.Score));
    }

    [Fact]
    public async Task WhenTheEmbeddingServerFailsEditsAreStillSavedAndFoundByKeywordAndGetVectorsOnceItIsBack()
    {
        await using var server = await FakeEmbeddingServer.StartAsync(dimension: 64);
        server.Failing = true;
        using var data = new TempDataFolder();
        await using var app = new DataFolderAppFactory(data.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Seeding:DemoData"] = "false",
            ["QwenHelp:Embeddings:Provider"] = "OpenAI",
            ["QwenHelp:Embeddings:OpenAI:Endpoint"] = server.Endpoint.ToString(),
            ["QwenHelp:Embeddings:OpenAI:Model"] = "fake-embedder",
            ["QwenHelp:Embeddings:OpenAI:Dimensions"] = "64",
        });
        var faq = app.Get<FaqService>();

        var saved = await faq.CreateAsync(new FaqEntryInput("Do you engrave watches?", "Yes, up to 12 letters.", [], "orders", "en"));

        Assert.True(saved.Succeeded);
        Assert.Equal(0, SqliteProbe.Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM passage_vectors"));
        var whileDown = await app.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("engrave a watch", "en"), CancellationToken.None);
        Assert.Equal(saved.Entry!.Id, whileDown.Passages[0].SourceId);
        Assert.True(server.Requests > 0);

        server.Failing = false;
        Assert.Equal(1, await app.Get<KnowledgeIndex>().EmbedPendingAsync(int.MaxValue, null, CancellationToken.None));

        Assert.Equal(1, SqliteProbe.Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM passage_vectors WHERE model_id = 'fake-embedder-d64' AND dimension = 64"));
        var whenBack = await app.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("engrave a watch", "en"), CancellationToken.None);
        Assert.Contains(whenBack.Passages[0].Provenance, h => h.Retriever == "vector");
    }

    [Fact]
    public async Task ADatabaseFromBeforeVectorsGetsThemAtStartUp()
    {
        using var data = new TempDataFolder();
        await using (var first = new DataFolderAppFactory(data.Path))
        {
            _ = first.Server;
        }

        SqliteProbe.Execute(Path.Combine(data.Path, "qwenhelp.db"), "DELETE FROM passage_vectors");
        SqliteConnection.ClearAllPools();
        await using var second = new DataFolderAppFactory(data.Path);
        _ = second.Server;

        Assert.Equal(
            SqliteProbe.Scalar(second.DatabaseFile, "SELECT (SELECT COUNT(*) FROM faq_entries) + (SELECT COUNT(*) FROM knowledge_chunks)"),
            SqliteProbe.Scalar(second.DatabaseFile, "SELECT COUNT(*) FROM passage_vectors"));
        Assert.Equal("0", State(second.DatabaseFile, SearchIndexState.VectorStale));
    }
}
