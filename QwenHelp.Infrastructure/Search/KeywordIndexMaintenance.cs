using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Rebuilds the keyword index (the FTS5 tables) when it does not hold exactly one row per FAQ entry
/// and chunk, or was written by another analyzer version: after the migration that created it,
/// after an upgrade that changed how text is split, or after anything wrote the tables behind the
/// index's back. The in-memory ranking index is loaded from these tables afterwards.
/// </summary>
public sealed partial class KeywordIndexMaintenance(QwenHelpDbContext db, PassageTexts texts, ILogger<KeywordIndexMaintenance> logger)
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

    private static readonly string AnalyzerVersion = TextAnalyzer.Version.ToString(CultureInfo.InvariantCulture);

    /// <returns>True when the index had to be rebuilt.</returns>
    public async Task<bool> EnsureConsistentAsync(CancellationToken cancellationToken)
    {
        // FTS5 exists on SQLite only; elsewhere the keyword index is analyzed from the source tables at load.
        if (!db.Database.IsSqlite())
        {
            return false;
        }

        if (await SearchIndexState.GetAsync(db, SearchIndexState.KeywordAnalyzer, cancellationToken) == AnalyzerVersion
            && await db.Database.SqlQueryRaw<bool>(FaqConsistentSql).SingleAsync(cancellationToken)
            && await db.Database.SqlQueryRaw<bool>(ChunkConsistentSql).SingleAsync(cancellationToken))
        {
            return false;
        }

        await RebuildAsync(cancellationToken);
        return true;
    }

    /// <summary>Writes every FTS5 row again from the source tables, in one transaction.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        LogRebuilding(TextAnalyzer.Version);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM faq_fts; DELETE FROM chunk_fts;", cancellationToken);
        await using (var rows = await IndexRows.ForAsync(db, cancellationToken))
        {
            foreach (var entry in await db.FaqEntries.AsNoTracking().ToListAsync(cancellationToken))
            {
                await rows.UpsertKeywordAsync(PassageKey.Faq(entry.Id), texts.ForFaq(entry).Columns, true, cancellationToken);
            }

            foreach (var document in await db.KnowledgeDocuments.AsNoTracking().Include(d => d.Chunks).ToListAsync(cancellationToken))
            {
                foreach (var chunk in document.Chunks)
                {
                    await rows.UpsertKeywordAsync(PassageKey.Chunk(chunk.Id), texts.ForChunk(chunk, document).Columns, true, cancellationToken);
                }
            }
        }

        await SearchIndexState.SetAsync(db, SearchIndexState.KeywordAnalyzer, AnalyzerVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The keyword index does not match the FAQ and chunk tables or analyzer version {Version}; rebuilding it")]
    private partial void LogRebuilding(int version);
}
