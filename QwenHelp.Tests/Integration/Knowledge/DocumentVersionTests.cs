using System.Text;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Editing;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Knowledge;

public class DocumentVersionTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private DocumentService Documents => factory.GetService<DocumentService>();

    private DocumentVersionService Versions => factory.GetService<DocumentVersionService>();

    private async Task<int> ImportAsync(string name, string markdown)
    {
        var saved = await Documents.ImportAsync(name, Encoding.UTF8.GetBytes(markdown), "policies", "en");
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors?.SelectMany(e => e.Value) ?? []));
        return saved.Document!.Id;
    }

    private static DocumentInput Edit(string title, string content) => new(title, content, "policies", "en");

    /// <summary>Whether a question retrieves a chunk of the document that says <paramref name="phrase"/>.</summary>
    private async Task<bool> FindsAsync(string question, int documentId, string phrase)
    {
        var chunks = (await Documents.FindAsync(documentId))!.Chunks.Select(c => c.Id).ToHashSet();
        var result = await factory.GetService<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery(question, "en", 8), CancellationToken.None);
        return result.Passages.Any(p => p.Kind == PassageKind.Chunk && chunks.Contains(p.SourceId) && p.Text.Contains(phrase, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryEditKeepsAVersionAndAToggleDoesNot()
    {
        var id = await ImportAsync("gift-wrap.md", "# Gift wrapping\n\nWe wrap gifts in recycled paper for 5 yuan.");
        await Documents.UpdateAsync(id, Edit("Gift wrapping", "# Gift wrapping\n\nWe wrap gifts in recycled paper for free."));
        await Documents.SetEnabledAsync(id, false);
        await Documents.SetEnabledAsync(id, true);

        var versions = await Versions.ListAsync(id);

        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Contains("5 yuan", (await Versions.FindAsync(id, 1))!.Content, StringComparison.Ordinal);
        Assert.Contains("for free", (await Versions.FindAsync(id, 2))!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoringAVersionBringsItsTextBackIntoSearchAndRecordsWhoDidIt()
    {
        var id = await ImportAsync("engraving.md", "# Engraving\n\nEngraving on silver bracelets takes three working days.");
        await Documents.UpdateAsync(id, Edit("Engraving", "# Engraving\n\nWe have stopped offering engraving services."));
        Assert.False(await FindsAsync("silver bracelets engraving three working days", id, "silver bracelets"));

        var restored = await Versions.RestoreAsync(id, 1, "editor");

        Assert.True(restored.Succeeded);
        Assert.Contains("silver bracelets", (await Documents.FindAsync(id))!.Content, StringComparison.Ordinal);
        Assert.True(await FindsAsync("silver bracelets engraving three working days", id, "silver bracelets"));
        Assert.Equal([3, 2, 1], (await Versions.ListAsync(id)).Select(v => v.Version));
        var audit = await factory.GetService<AuditTrail>().RecentAsync(20, DocumentVersionService.RestoreAction);
        Assert.Contains(audit, e => e.Actor == "editor" && e.Target == $"document:{id}");
    }

    [Fact]
    public async Task RestoringAVersionThatDoesNotExistChangesNothing()
    {
        var id = await ImportAsync("tea.md", "# Tea\n\nWe sell green and black tea.");

        var result = await Versions.RestoreAsync(id, 9, "editor");

        Assert.False(result.WasFound);
        Assert.Single(await Versions.ListAsync(id));
    }

    [Fact]
    public async Task DeletingADocumentDeletesItsVersions()
    {
        var id = await ImportAsync("kites.md", "# Kites\n\nKites ship folded.");
        await Documents.UpdateAsync(id, Edit("Kites", "# Kites\n\nKites ship folded in a tube."));

        await Documents.DeleteAsync(id);

        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM knowledge_document_versions WHERE document_id = {id}"));
    }

    [Fact]
    public async Task TheDemoDocumentsStartAtVersionOne()
    {
        var documents = await Documents.ListAsync();

        foreach (var document in documents.Where(d => d.Key is not null))
        {
            Assert.Equal([1], (await Versions.ListAsync(document.Id)).Select(v => v.Version));
        }
    }

    [Fact]
    public async Task ReindexingEveryDocumentReportsProgressToTheEnd()
    {
        var reindexer = factory.GetService<KnowledgeReindexer>();
        var total = (await Documents.ListAsync()).Count;
        var seen = new List<ReindexProgress>();
        reindexer.Changed += p => { lock (seen) { seen.Add(p); } };

        Assert.True(reindexer.Start(null));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (reindexer.Progress.State is ReindexState.Queued or ReindexState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var done = reindexer.Progress;
        Assert.Equal(ReindexState.Completed, done.State);
        Assert.Equal((total, total), (done.Total, done.Done));
        Assert.Equal(100, done.Percent);
        lock (seen)
        {
            Assert.Contains(seen, p => p.State == ReindexState.Running && p.Done > 0 && p.Done < total);
        }

        Assert.True(await FindsAsync("policy applies to all orders placed on Lumen Mall on both the China site and the international site", (await Documents.ListAsync()).First(d => d.Key == "returns-policy.en").Id, "international site"));
    }
}
