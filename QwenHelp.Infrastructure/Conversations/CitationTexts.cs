using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>The passage behind each citation, so that a customer can open a source and read it.</summary>
public sealed class CitationTexts(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    /// <returns>The passage text per citation; a source deleted since is left out.</returns>
    public async Task<IReadOnlyDictionary<Citation, string>> FindAsync(IEnumerable<Citation> citations, CancellationToken cancellationToken = default)
    {
        var list = citations.Distinct().ToList();
        var faqIds = list.Where(c => c.Kind == Citation.FaqKind).Select(c => c.SourceId).ToList();
        var chunkIds = list.Where(c => c.Kind == Citation.ChunkKind).Select(c => c.SourceId).ToList();
        if (faqIds.Count == 0 && chunkIds.Count == 0)
        {
            return new Dictionary<Citation, string>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var faqs = await db.FaqEntries.AsNoTracking().Where(f => faqIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Answer, cancellationToken);
        var chunks = await db.KnowledgeChunks.AsNoTracking().Where(c => chunkIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Text, cancellationToken);
        var texts = new Dictionary<Citation, string>();
        foreach (var citation in list)
        {
            var source = citation.Kind == Citation.FaqKind ? faqs : chunks;
            if (source.TryGetValue(citation.SourceId, out var text))
            {
                texts[citation] = text;
            }
        }

        return texts;
    }
}
