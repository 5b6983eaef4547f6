using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Keeps the FTS5 tables (the keyword index's durable store) in step with FAQ entries and chunks.
/// Callers run these inside the same transaction as the row change, so the index can never
/// disagree with the table after a commit.
/// </summary>
public sealed class KeywordIndexWriter
{
    /// <param name="columns">Analyzed text per column (see <see cref="PassageTexts"/>): question, alternates, answer for an FAQ entry; heading, text for a chunk.</param>
    public async Task UpsertAsync(QwenHelpDbContext db, PassageKey key, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        await DeleteAsync(db, key, cancellationToken);
        if (key.Kind == PassageKind.Faq)
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO faq_fts (rowid, question, alternates, answer) VALUES ({key.Id}, {columns[0]}, {columns[1]}, {columns[2]})",
                cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO chunk_fts (rowid, heading, text) VALUES ({key.Id}, {columns[0]}, {columns[1]})",
                cancellationToken);
        }
    }

    public async Task DeleteAsync(QwenHelpDbContext db, PassageKey key, CancellationToken cancellationToken)
    {
        if (key.Kind == PassageKind.Faq)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM faq_fts WHERE rowid = {key.Id}", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM chunk_fts WHERE rowid = {key.Id}", cancellationToken);
        }
    }
}
