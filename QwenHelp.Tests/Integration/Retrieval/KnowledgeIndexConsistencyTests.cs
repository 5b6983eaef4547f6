using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Retrieval;

/// <summary>Every FAQ and document edit reaches both indexes (keyword and vector, on disk and in memory) in the same commit.</summary>
public class KnowledgeIndexConsistencyTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private FaqService Faq => factory.GetService<FaqService>();

    private DocumentService Documents => factory.GetService<DocumentService>();

    private long Scalar(string sql) => SqliteProbe.Scalar(factory.DatabaseFile, sql);

    private async Task<RetrievalResult> FindAsync(string text, string language = "en") =>
        await factory.GetService<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery(text, language, 8), CancellationToken.None);

    [Fact]
    public async Task ANewEntryIsFoundByBothRetrieversAtOnceWithItsVectorStored()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Do you sell gift wrapping for birthday presents?", "Yes, for ¥5 per item.", ["wrap a present"], "orders", "en"));
        var id = saved.Entry!.Id;

        var best = (await FindAsync("gift wrapping for a present")).Passages[0];

        Assert.Equal((PassageKind.Faq, id), (best.Kind, best.SourceId));
        Assert.Equal(["keyword", "vector"], best.Provenance.Select(h => h.Retriever).Order());
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM passage_vectors WHERE kind = 0 AND source_id = {id} AND model_id = 'qwenhelp-hashing-v1-d512' AND dimension = 512 AND length(vector) = 2048"));
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM faq_fts WHERE rowid = {id}"));
    }

    [Fact]
    public async Task AnEditedEntryIsFoundByItsNewTextOnlyAndGetsANewVector()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Can I pay with seashells?", "No.", [], "payments", "en"));
        var id = saved.Entry!.Id;
        var oldHash = Scalar($"SELECT length(content_hash) FROM passage_vectors WHERE source_id = {id} AND kind = 0");

        await Faq.UpdateAsync(id, new FaqEntryInput("Can I pay with cryptocurrency wallets?", "Not yet.", [], "payments", "en"));

        Assert.DoesNotContain((await FindAsync("seashells")).Passages, p => p.Kind == PassageKind.Faq && p.SourceId == id);
        Assert.Equal(id, (await FindAsync("cryptocurrency wallet")).Passages[0].SourceId);
        Assert.Equal(1, Scalar($"SELECT COUNT(*) FROM passage_vectors WHERE kind = 0 AND source_id = {id}"));
        Assert.Equal(32, oldHash);
    }

    [Fact]
    public async Task ADeletedEntryLeavesNoIndexRowAndIsNeverFoundAgain()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Do you deliver to Antarctica research stations?", "No.", [], "shipping", "en"));
        var id = saved.Entry!.Id;

        Assert.True(await Faq.DeleteAsync(id));

        Assert.DoesNotContain((await FindAsync("Antarctica research stations")).Passages, p => p.Kind == PassageKind.Faq && p.SourceId == id);
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM faq_fts WHERE rowid = {id}"));
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM passage_vectors WHERE kind = 0 AND source_id = {id}"));
        Assert.False(await Faq.DeleteAsync(id));
    }

    [Fact]
    public async Task DisablingHidesAnEntryAndEnablingBringsItBackWithoutEmbeddingAgain()
    {
        var input = new FaqEntryInput("Is there a flagship store in Lhasa?", "Yes, on Beijing Road.", [], "orders", "en");
        var id = (await Faq.CreateAsync(input)).Entry!.Id;
        var stamp = Scalar($"SELECT created_at FROM passage_vectors WHERE kind = 0 AND source_id = {id}");

        await Faq.UpdateAsync(id, input with { Enabled = false });
        var hidden = await FindAsync("flagship store Lhasa");
        await Faq.UpdateAsync(id, input);
        var shown = await FindAsync("flagship store Lhasa");

        Assert.DoesNotContain(hidden.Passages, p => p.Kind == PassageKind.Faq && p.SourceId == id);
        Assert.Equal(id, shown.Passages[0].SourceId);
        Assert.Equal(stamp, Scalar($"SELECT created_at FROM passage_vectors WHERE kind = 0 AND source_id = {id}"));
    }

    [Fact]
    public async Task ADocumentsChunksAreSearchableReplacedOnEditAndGoneOnDelete()
    {
        var added = await Documents.AddAsync(new KnowledgeDocument
        {
            Title = "Drone policy",
            Content = "# Drone policy\n\n## Flying\n\nDrones may not be flown inside the Lumen showroom.\n\n## Batteries\n\nSpare drone batteries ship by ground only.",
            Language = "en",
        });
        var document = added.Document!;
        var chunkIds = document.Chunks.Select(c => c.Id).ToList();

        var found = await FindAsync("spare drone batteries shipping");
        var chunk = found.Passages.First(p => p.Kind == PassageKind.Chunk);
        Assert.Contains(chunk.SourceId, chunkIds);
        Assert.Equal("Drone policy › Batteries", chunk.Title);
        Assert.Equal(2, Scalar($"SELECT COUNT(*) FROM passage_vectors WHERE kind = 1 AND source_id IN ({string.Join(',', chunkIds)})"));

        var edited = await Documents.UpdateAsync(document.Id, new DocumentInput("Drone policy", "# Drone policy\n\nHelicopters are sold out.", "general", "en"));
        Assert.True(edited.Succeeded);
        Assert.DoesNotContain((await FindAsync("spare drone batteries")).Passages, p => p.Kind == PassageKind.Chunk && chunkIds.Contains(p.SourceId));
        Assert.Contains((await FindAsync("helicopters sold out")).Passages, p => p.Kind == PassageKind.Chunk && p.Title == "Drone policy");
        Assert.Equal(0, Scalar($"SELECT COUNT(*) FROM chunk_fts WHERE rowid IN ({string.Join(',', chunkIds)})"));

        Assert.True(await Documents.SetEnabledAsync(document.Id, false));
        Assert.DoesNotContain((await FindAsync("helicopters sold out")).Passages, p => p.Kind == PassageKind.Chunk && p.Title == "Drone policy");
        Assert.True(await Documents.SetEnabledAsync(document.Id, true));

        Assert.True(await Documents.DeleteAsync(document.Id));
        Assert.DoesNotContain((await FindAsync("helicopters sold out")).Passages, p => p.Kind == PassageKind.Chunk && p.Title == "Drone policy");
        Assert.Equal(Scalar("SELECT COUNT(*) FROM knowledge_chunks"), Scalar("SELECT COUNT(*) FROM chunk_fts"));
        Assert.Equal(Scalar("SELECT COUNT(*) FROM knowledge_chunks"), Scalar("SELECT COUNT(*) FROM passage_vectors WHERE kind = 1"));
    }

    [Fact]
    public async Task AnUploadedWordDocumentBecomesSearchable()
    {
        var docx = new DocxBuilder().Heading("Gift cards").Paragraph("Lumen gift cards never expire and can be topped up at any counter.").Build();

        var imported = await Documents.ImportAsync("gift-cards.docx", docx);

        Assert.True(imported.Succeeded);
        var best = (await FindAsync("do gift cards expire")).Passages.First(p => p.Kind == PassageKind.Chunk);
        Assert.Equal(imported.Document!.Chunks[0].Id, best.SourceId);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", imported.Document.ContentType);
    }

    [Theory]
    [InlineData("broken.docx", "not a valid Word document")]
    [InlineData("manual.pdf", "not a supported type")]
    public async Task ABadUploadIsRefusedAndNothingIsStored(string fileName, string message)
    {
        var documents = Scalar("SELECT COUNT(*) FROM knowledge_documents");
        var chunks = Scalar("SELECT COUNT(*) FROM knowledge_chunks");

        var result = await Documents.ImportAsync(fileName, new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02 });

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors!["file"][0], StringComparison.Ordinal);
        Assert.Equal(documents, Scalar("SELECT COUNT(*) FROM knowledge_documents"));
        Assert.Equal(chunks, Scalar("SELECT COUNT(*) FROM knowledge_chunks"));
    }

    [Fact]
    public async Task ABulkImportWithOneInvalidDocumentStoresNone()
    {
        var documents = Scalar("SELECT COUNT(*) FROM knowledge_documents");

        var result = await Documents.AddManyAsync(
        [
            new KnowledgeDocument { Title = "Fine", Content = "Some text.", Language = "en" },
            new KnowledgeDocument { Title = "", Content = "Other text.", Language = "en" },
        ]);

        Assert.False(result.Succeeded);
        Assert.Contains("[1].title", result.Errors!.Keys);
        Assert.Equal(documents, Scalar("SELECT COUNT(*) FROM knowledge_documents"));
    }

    [Fact]
    public void TheSeededKnowledgeBaseHasOneKeywordRowAndOneVectorPerPassage()
    {
        _ = factory.Server;

        var passages = Scalar("SELECT COUNT(*) FROM faq_entries") + Scalar("SELECT COUNT(*) FROM knowledge_chunks");
        Assert.Equal(passages, Scalar("SELECT COUNT(*) FROM faq_fts") + Scalar("SELECT COUNT(*) FROM chunk_fts"));
        Assert.Equal(passages, Scalar("SELECT COUNT(*) FROM passage_vectors WHERE model_id = 'qwenhelp-hashing-v1-d512'"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM search_index_state WHERE name = 'vector.stale' AND value = '1'"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM search_index_state WHERE name = 'keyword.analyzer' AND value = '2'"));
    }

    [Fact]
    public void TheInMemoryIndexesHoldEveryPassage()
    {
        var index = factory.GetService<KnowledgeIndex>();
        _ = factory.Server;

        Assert.True(index.IsLoaded);
        Assert.Equal(Scalar("SELECT COUNT(*) FROM faq_entries") + Scalar("SELECT COUNT(*) FROM knowledge_chunks"), index.Keyword.Count);
        Assert.Equal(index.Keyword.Count, index.Vectors!.Count);
    }
}
