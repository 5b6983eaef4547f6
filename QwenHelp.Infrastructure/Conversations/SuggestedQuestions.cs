using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// The questions a new conversation offers as one-click chips: the FAQ entries customers were
/// answered with most in the last 30 days, topped up with the first enabled entries.
/// </summary>
public sealed class SuggestedQuestions(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<string>> ForLanguageAsync(string language, int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow() - Window;
        var answered = await db.Messages.AsNoTracking()
            .Where(m => m.Role == MessageRole.Assistant && m.AnswerMode == AnswerMode.Direct && m.CreatedAt >= since)
            .OrderByDescending(m => m.Id)
            .Take(2000)
            .Select(m => m.Citations)
            .ToListAsync(cancellationToken);
        var popular = answered.SelectMany(c => c.Where(x => x.Kind == Citation.FaqKind).Take(1))
            .GroupBy(c => c.SourceId)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .ToList();

        var entries = await db.FaqEntries.AsNoTracking()
            .Where(f => f.Enabled && f.Language == language)
            .OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Question })
            .ToListAsync(cancellationToken);
        var rank = popular.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        return entries
            .OrderBy(e => rank.GetValueOrDefault(e.Id, int.MaxValue))
            .ThenBy(e => e.Id)
            .Take(count)
            .Select(e => e.Question)
            .ToList();
    }
}
