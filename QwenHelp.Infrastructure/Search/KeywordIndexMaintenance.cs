using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Rebuilds the keyword index when it does not hold exactly one row per FAQ entry and chunk: after
/// the migration that created it, or after anything wrote the tables behind the index's back.
/// </summary>
public sealed partial class KeywordIndexMaintenance(QwenHelpDbContext db, KeywordIndexWriter writer, ILogger<KeywordIndexMaintenance> logger)
{
    // Consistent: every source row indexed once, and no index row left over from a deleted source.
    private const string FaqConsistentSql = """
        SELECT (SELECT COUNT(*) FROM faq_entries) = (SELECT COUNT(*) FROM faq_fts)
           AND (SELECT COUNT(*) FROM faq_fts) = (SELECT COUNT(*) FROM faq_fts i JOIN faq_entries t ON t.id = i.rowid) AS Value
        """;

    private const string ChunkConsistentSql = """
        SELECT (SELECT COUNT(*) FROM knowledge_chunks) = (SELECT COUNT(*) FROM chunk_fts)
           AND (SELECT COUNT(*) FROM chunk_fts) = (SELECT COUNT(*) FROM chunk_fts i JOIN knowledge_chunks t ON t.id = i.rowid) AS Value
        """;

    /// <returns>True when the index had to be rebuilt.</returns>
    public async Task<bool> EnsureConsistentAsync(CancellationToken cancellationToken)
    {
        if (await db.Database.SqlQueryRaw<bool>(FaqConsistentSql).SingleAsync(cancellationToken)
            && await db.Database.SqlQueryRaw<bool>(ChunkConsistentSql).SingleAsync(cancellationToken))
        {
            return false;
        }

        await RebuildAsync(cancellationToken);
        return true;
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        LogRebuilding();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM faq_fts; DELETE FROM chunk_fts;", cancellationToken);
        foreach (var entry in await db.FaqEntries.AsNoTracking().ToListAsync(cancellationToken))
        {
            await writer.UpsertFaqAsync(db, entry, cancellationToken);
        }

        foreach (var chunk in await db.KnowledgeChunks.AsNoTracking().ToListAsync(cancellationToken))
        {
            await writer.UpsertChunkAsync(db, chunk, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The keyword index does not match the FAQ and chunk tables; rebuilding it")]
    private partial void LogRebuilding();
}
