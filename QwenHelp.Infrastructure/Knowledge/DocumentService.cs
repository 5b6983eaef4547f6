using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Import;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// The one way knowledge documents are added, uploaded, changed and deleted. A document, its chunks
/// and their index rows (keyword and vector) commit together, and the in-memory indexes follow right
/// after the commit; a refused upload or edit stores nothing.
/// </summary>
public sealed class DocumentService(
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    SentenceChunker chunker,
    DocumentImporter importer,
    KnowledgeIndex index,
    PassageTexts texts)
{
    private static readonly string[] ChunkParameters = ["@document", "@ordinal", "@heading", "@text", "@tokens"];

    /// <summary>Imports an uploaded file (Markdown, text, HTML, DOCX) as a new document.</summary>
    /// <param name="language">The document's language; detected from its text when null.</param>
    public async Task<DocumentSaveResult> ImportAsync(string fileName, ReadOnlyMemory<byte> content, string category = "general",
        string? language = null, CancellationToken cancellationToken = default)
    {
        ImportedDocument imported;
        try
        {
            imported = importer.Import(fileName, content.Span);
        }
        catch (DocumentImportException e)
        {
            return DocumentSaveResult.Invalid(new Dictionary<string, string[]> { ["file"] = [e.Message] });
        }

        return await AddAsync(new KnowledgeDocument
        {
            Title = imported.Title,
            Content = imported.Markdown,
            ContentType = imported.ContentType,
            Category = category,
            Language = language ?? imported.Language,
        }, cancellationToken);
    }

    /// <summary>Adds a document: validated, chunked, indexed, all or nothing.</summary>
    public async Task<DocumentSaveResult> AddAsync(KnowledgeDocument document, CancellationToken cancellationToken = default)
    {
        var batch = await AddManyAsync([document], cancellationToken);
        return batch.Succeeded
            ? DocumentSaveResult.Saved(batch.Saved[0])
            : DocumentSaveResult.Invalid(batch.Errors!.ToDictionary(e => e.Key[(e.Key.IndexOf('.', StringComparison.Ordinal) + 1)..], e => e.Value));
    }

    /// <summary>
    /// Adds several documents in one transaction (a bulk import, a rebuild): all are saved, or none is
    /// when any of them is invalid. One commit for many documents is much faster than one each.
    /// </summary>
    public async Task<DocumentBatchResult> AddManyAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        for (var d = 0; d < documents.Count; d++)
        {
            var document = documents[d];
            var problems = Validate(document);
            if (problems.Count == 0)
            {
                document.Chunks = Chunk(document.Content);
                if (document.Chunks.Count == 0)
                {
                    problems = new Dictionary<string, string[]> { ["content"] = ["The document has no text to index."] };
                }
            }

            foreach (var (field, messages) in problems)
            {
                errors[$"[{d}].{field}"] = messages;
            }
        }

        if (errors.Count > 0)
        {
            return new DocumentBatchResult([], errors);
        }

        var prepared = await index.PrepareAsync(documents.SelectMany(d => Contents(d.Chunks, d)).ToList(), null, null, cancellationToken);

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var chunks = documents.Select(d => d.Chunks).ToList();
        foreach (var document in documents)
        {
            document.Chunks = [];
            db.KnowledgeDocuments.Add(document);
        }

        await db.SaveChangesAsync(cancellationToken);
        var next = 0;
        for (var d = 0; d < documents.Count; d++)
        {
            await InsertChunksAsync(db, documents[d].Id, chunks[d], cancellationToken);
            documents[d].Chunks = chunks[d];
            foreach (var chunk in chunks[d])
            {
                await write.UpsertAsync(db, PassageKey.Chunk(chunk.Id), prepared[next++], isNew: true, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return new DocumentBatchResult(documents, null);
    }

    /// <summary>Replaces a document's title, text, category, language and enabled state; its chunks are cut again.</summary>
    public async Task<DocumentSaveResult> UpdateAsync(int id, DocumentInput input, CancellationToken cancellationToken = default)
    {
        var edited = new KnowledgeDocument
        {
            Id = id,
            Title = input.Title.Trim(),
            Content = input.Content,
            Category = input.Category.Trim().ToLowerInvariant(),
            Language = input.Language,
            Enabled = input.Enabled,
        };
        var errors = Validate(edited);
        if (errors.Count > 0)
        {
            return DocumentSaveResult.Invalid(errors);
        }

        var chunks = Chunk(edited.Content);
        if (chunks.Count == 0)
        {
            return DocumentSaveResult.Invalid(new Dictionary<string, string[]> { ["content"] = ["The document has no text to index."] });
        }

        List<PassageKey> oldKeys;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            oldKeys = (await read.KnowledgeChunks.Where(c => c.DocumentId == id).Select(c => c.Id).ToListAsync(cancellationToken)).Select(PassageKey.Chunk).ToList();
        }

        var prepared = await index.PrepareAsync(Contents(chunks, edited), null, oldKeys, cancellationToken);

        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.KnowledgeDocuments.Include(d => d.Chunks).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null)
        {
            return DocumentSaveResult.NotFound;
        }

        foreach (var old in document.Chunks)
        {
            await write.RemoveAsync(db, PassageKey.Chunk(old.Id), cancellationToken);
        }

        db.KnowledgeChunks.RemoveRange(document.Chunks);
        document.Title = edited.Title;
        document.Content = edited.Content;
        document.Category = edited.Category;
        document.Language = edited.Language;
        document.Enabled = edited.Enabled;
        await db.SaveChangesAsync(cancellationToken);
        await InsertChunksAsync(db, document.Id, chunks, cancellationToken);
        document.Chunks = chunks;
        for (var i = 0; i < chunks.Count; i++)
        {
            await write.UpsertAsync(db, PassageKey.Chunk(chunks[i].Id), prepared[i], isNew: true, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return DocumentSaveResult.Saved(document);
    }

    /// <summary>Hides a document's chunks from retrieval (or shows them again) without re-indexing.</summary>
    /// <returns>False when there is no such document.</returns>
    public async Task<bool> SetEnabledAsync(int id, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.KnowledgeDocuments.Include(d => d.Chunks).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null)
        {
            return false;
        }

        document.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        foreach (var chunk in document.Chunks)
        {
            await write.SetAttributesAsync(db, PassageKey.Chunk(chunk.Id), new PassageAttributes(document.Language, enabled), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return true;
    }

    /// <returns>False when there was no such document.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var write = await index.BeginWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var chunkIds = await db.KnowledgeChunks.Where(c => c.DocumentId == id).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var chunkId in chunkIds)
        {
            await write.RemoveAsync(db, PassageKey.Chunk(chunkId), cancellationToken);
        }

        var deleted = await db.KnowledgeDocuments.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        write.Commit();
        return deleted > 0;
    }

    public async Task<List<KnowledgeDocument>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeDocuments.AsNoTracking().OrderBy(d => d.Category).ThenBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A document with its chunks, as they were cut.</summary>
    public async Task<KnowledgeDocument?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeDocuments.AsNoTracking().Include(d => d.Chunks.OrderBy(c => c.Ordinal)).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    /// <summary>The chunks as the indexes see them, analyzed on all cores (a long document has hundreds).</summary>
    private List<PassageContent> Contents(List<KnowledgeChunk> chunks, KnowledgeDocument document) =>
        chunks.AsParallel().AsOrdered().Select(c => texts.ForChunk(c, document)).ToList();

    /// <summary>
    /// Inserts the chunks of a saved document with one prepared statement (EF Core's change tracking
    /// costs several milliseconds per 50 chunks, a third of an upload's time) and gives each its id.
    /// </summary>
    private static async Task InsertChunksAsync(QwenHelpDbContext db, int documentId, List<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "INSERT INTO knowledge_chunks (document_id, ordinal, heading, text, token_count) VALUES (@document, @ordinal, @heading, @text, @tokens) RETURNING id";
        var parameters = ChunkParameters.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var chunk in chunks)
        {
            chunk.DocumentId = documentId;
            parameters[0].Value = documentId;
            parameters[1].Value = chunk.Ordinal;
            parameters[2].Value = (object?)chunk.Heading ?? DBNull.Value;
            parameters[3].Value = chunk.Text;
            parameters[4].Value = chunk.TokenCount;
            chunk.Id = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private List<KnowledgeChunk> Chunk(string content) =>
        chunker.Split(content)
            .Select((chunk, i) => new KnowledgeChunk { Ordinal = i, Heading = chunk.Heading, Text = chunk.Text, TokenCount = chunk.TokenCount })
            .ToList();

    private static IReadOnlyDictionary<string, string[]> Validate(KnowledgeDocument document) =>
        KnowledgeDocumentRules.Validate(document.Title, document.Content, document.Category, document.Language);
}

/// <summary>The editable fields of a knowledge document.</summary>
public sealed record DocumentInput(string Title, string Content, string Category, string Language, bool Enabled = true);

/// <summary>The outcome of adding several documents: all saved, or none and the problems keyed <c>[index].field</c>.</summary>
public sealed record DocumentBatchResult(IReadOnlyList<KnowledgeDocument> Saved, IReadOnlyDictionary<string, string[]>? Errors)
{
    public bool Succeeded => Errors is null;
}

/// <summary>The outcome of saving a knowledge document.</summary>
public sealed record DocumentSaveResult(KnowledgeDocument? Document, IReadOnlyDictionary<string, string[]>? Errors, bool WasFound = true)
{
    public static DocumentSaveResult NotFound { get; } = new(null, null, false);

    public bool Succeeded => Document is not null;

    public static DocumentSaveResult Saved(KnowledgeDocument document) => new(document, null);

    public static DocumentSaveResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
