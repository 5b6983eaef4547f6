using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>Adds knowledge documents: the document, its chunks and their index rows commit together.</summary>
public sealed class DocumentService(IDbContextFactory<QwenHelpDbContext> dbFactory, MarkdownSectionChunker chunker, KeywordIndexWriter index, KnowledgeBaseVersion version)
{
    public async Task<KnowledgeDocument> AddAsync(KnowledgeDocument document, CancellationToken cancellationToken = default)
    {
        document.Chunks = chunker.Split(document.Content)
            .Select((chunk, i) => new KnowledgeChunk { Ordinal = i, Heading = chunk.Heading, Text = chunk.Text })
            .ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.KnowledgeDocuments.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var chunk in document.Chunks)
        {
            await index.UpsertChunkAsync(db, chunk, cancellationToken);
        }

        await version.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return document;
    }
}
