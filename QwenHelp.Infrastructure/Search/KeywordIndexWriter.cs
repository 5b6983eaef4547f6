using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Keeps the FTS5 tables in step with FAQ entries and chunks. Callers run these inside the same
/// transaction as the row change, so the index can never disagree with the table after a commit.
/// </summary>
public sealed class KeywordIndexWriter(TextAnalyzer analyzer)
{
    public async Task UpsertFaqAsync(QwenHelpDbContext db, FaqEntry entry, CancellationToken cancellationToken)
    {
        await DeleteFaqAsync(db, entry.Id, cancellationToken);
        var question = analyzer.ToIndexText(entry.Question);
        var alternates = analyzer.ToIndexText(string.Join('\n', entry.AlternateQuestions));
        var answer = analyzer.ToIndexText(entry.Answer);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO faq_fts (rowid, question, alternates, answer) VALUES ({entry.Id}, {question}, {alternates}, {answer})",
            cancellationToken);
    }

    public async Task DeleteFaqAsync(QwenHelpDbContext db, int faqId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM faq_fts WHERE rowid = {faqId}", cancellationToken);

    public async Task UpsertChunkAsync(QwenHelpDbContext db, KnowledgeChunk chunk, CancellationToken cancellationToken)
    {
        await DeleteChunkAsync(db, chunk.Id, cancellationToken);
        var heading = analyzer.ToIndexText(chunk.Heading);
        var text = analyzer.ToIndexText(chunk.Text);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO chunk_fts (rowid, heading, text) VALUES ({chunk.Id}, {heading}, {text})",
            cancellationToken);
    }

    public async Task DeleteChunkAsync(QwenHelpDbContext db, int chunkId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM chunk_fts WHERE rowid = {chunkId}", cancellationToken);
}
