using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Knowledge.Editing;

/// <summary>
/// The versions of a knowledge document (the database writes one on every edit) and restoring
/// one: the document gets that version's title, text, category and language back through
/// <see cref="DocumentService"/> (chunked and indexed again), which itself becomes the newest version.
/// </summary>
public sealed class DocumentVersionService(IDbContextFactory<QwenHelpDbContext> dbFactory, DocumentService documents, AuditTrail audit)
{
    public const string RestoreAction = "knowledge.restore";

    /// <summary>Newest first, without their text.</summary>
    public async Task<IReadOnlyList<DocumentVersionSummary>> ListAsync(int documentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeDocumentVersions.AsNoTracking().Where(v => v.DocumentId == documentId)
            .OrderByDescending(v => v.Version)
            .Select(v => new DocumentVersionSummary(v.Version, v.Title, v.Category, v.Language, v.Content.Length, v.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<KnowledgeDocumentVersion?> FindAsync(int documentId, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeDocumentVersions.AsNoTracking().FirstOrDefaultAsync(v => v.DocumentId == documentId && v.Version == version, cancellationToken);
    }

    /// <summary>Makes an earlier version the current text again (recorded as the newest version and in the audit trail).</summary>
    public async Task<DocumentSaveResult> RestoreAsync(int documentId, int version, string actor, CancellationToken cancellationToken = default)
    {
        var old = await FindAsync(documentId, version, cancellationToken);
        var current = await documents.FindAsync(documentId, cancellationToken);
        if (old is null || current is null)
        {
            return DocumentSaveResult.NotFound;
        }

        var result = await documents.UpdateAsync(documentId, new DocumentInput(old.Title, old.Content, old.Category, old.Language, current.Enabled), cancellationToken);
        if (result.Succeeded)
        {
            await audit.RecordAsync(actor, RestoreAction, $"document:{documentId}", $"version {version}: {old.Title}", cancellationToken);
        }

        return result;
    }
}

/// <param name="Characters">Length of its text.</param>
public sealed record DocumentVersionSummary(int Version, string Title, string Category, string Language, int Characters, DateTimeOffset CreatedAt);
