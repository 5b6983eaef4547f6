using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Knowledge.Editing;

/// <summary>The knowledge editor's documents list: each document with how many chunks and versions it has.</summary>
public sealed class DocumentCatalog(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    public async Task<IReadOnlyList<DocumentListItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeDocuments.AsNoTracking()
            .OrderBy(d => d.Category).ThenBy(d => d.Title).ThenBy(d => d.Id)
            .Select(d => new DocumentListItem(
                d.Id, d.Title, d.Category, d.Language, d.Enabled, d.ContentType, d.Content.Length, d.Chunks.Count,
                db.KnowledgeDocumentVersions.Count(v => v.DocumentId == d.Id), d.UpdatedAt))
            .ToListAsync(cancellationToken);
    }
}

public sealed record DocumentListItem(int Id, string Title, string Category, string Language, bool Enabled, string ContentType, int Characters, int Chunks, int Versions, DateTimeOffset UpdatedAt);
