using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Transcripts;

/// <summary>Stored conversations as staff review them: filtered lists, page by page, and whole transcripts with their metrics.</summary>
public sealed class ConversationBrowser(IDbContextFactory<QwenHelpDbContext> dbFactory, IOptions<AnalyticsOptions> analytics)
{
    public const int MaxPageSize = 200;

    /// <summary>One page of the matching conversations, newest first, and how many match in all.</summary>
    public async Task<ConversationPage> ListAsync(ConversationFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(c => new ConversationSummary(
                c.Id,
                c.CreatedAt,
                c.UpdatedAt,
                c.Language,
                c.Channel,
                c.State,
                c.HandoffAt != null,
                c.HandoffReason,
                c.Messages.Count,
                c.Messages.Where(m => m.Role == MessageRole.Customer).OrderBy(m => m.Id).Select(m => m.Text).FirstOrDefault(),
                c.Feedback.Count(f => f.Rating > 0),
                c.Feedback.Count(f => f.Rating < 0)))
            .ToListAsync(cancellationToken);
        return new ConversationPage(rows, total);
    }

    /// <summary>The ids of every matching conversation, oldest first (for export), in batches.</summary>
    public async IAsyncEnumerable<IReadOnlyList<Guid>> MatchingIdsAsync(ConversationFilter filter, int batchSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await Apply(db, filter).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        foreach (var batch in ids.Chunk(batchSize))
        {
            yield return batch;
        }
    }

    /// <summary>A whole conversation: every message in order with its metrics, tool calls and ratings. Null when there is none.</summary>
    public async Task<Transcript?> GetTranscriptAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var transcripts = await GetTranscriptsAsync([id], cancellationToken);
        return transcripts.Count == 1 ? transcripts[0] : null;
    }

    public async Task<IReadOnlyList<Transcript>> GetTranscriptsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversations = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var messages = (await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ConversationId)).OrderBy(m => m.Id).ToListAsync(cancellationToken))
            .ToLookup(m => m.ConversationId);
        var metrics = await db.TurnMetrics.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).ToDictionaryAsync(t => t.MessageId, cancellationToken);
        var tools = (await db.ToolCalls.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).OrderBy(t => t.Id).ToListAsync(cancellationToken))
            .ToLookup(t => t.MessageId);
        var feedback = await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.ConversationId)).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var byMessage = feedback.Where(f => f.MessageId is not null).ToLookup(f => f.MessageId!.Value);

        return conversations.Select(c => new Transcript(
            c,
            messages[c.Id].Select(m => new TranscriptMessage(m, metrics.GetValueOrDefault(m.Id), [.. tools[m.Id]], [.. byMessage[m.Id]])).ToList(),
            feedback.Where(f => f.ConversationId == c.Id && f.MessageId is null).ToList())).ToList();
    }

    private IQueryable<Conversation> Apply(QwenHelpDbContext db, ConversationFilter filter)
    {
        var query = db.Conversations.AsNoTracking();
        var zone = analytics.Value.FindTimeZone();
        if (filter.From is { } from)
        {
            var start = CalendarDays.StartUtc(from, zone);
            query = query.Where(c => c.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = CalendarDays.StartUtc(to.AddDays(1), zone);
            query = query.Where(c => c.CreatedAt < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            var pattern = "%" + EscapeLike(text.Length > ConversationFilter.MaxTextLength ? text[..ConversationFilter.MaxTextLength] : text) + "%";
            query = query.Where(c => c.Messages.Any(m => EF.Functions.Like(m.Text, pattern, "\\")));
        }

        if (filter.Mode is { } mode)
        {
            query = mode == AnswerMode.Agent
                ? query.Where(c => c.Messages.Any(m => m.Role == MessageRole.Agent))
                : query.Where(c => db.TurnMetrics.Any(t => t.ConversationId == c.Id && t.AnswerMode == mode));
        }

        if (filter.HandedOff is { } handedOff)
        {
            query = handedOff ? query.Where(c => c.HandoffAt != null) : query.Where(c => c.HandoffAt == null);
        }

        query = filter.Rating switch
        {
            RatingFilter.Positive => query.Where(c => c.Feedback.Any(f => f.Rating > 0)),
            RatingFilter.Negative => query.Where(c => c.Feedback.Any(f => f.Rating < 0)),
            RatingFilter.Unrated => query.Where(c => !c.Feedback.Any()),
            _ => query,
        };

        if (!string.IsNullOrWhiteSpace(filter.Language))
        {
            var language = filter.Language.Trim();
            query = query.Where(c => c.Language == language);
        }

        return query;
    }

    /// <summary>The customer's text is data, never a pattern: % and _ match themselves.</summary>
    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>A row of the conversations list.</summary>
/// <param name="FirstQuestion">The customer's first message.</param>
public sealed record ConversationSummary(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Language,
    string Channel,
    ConversationState State,
    bool HandedOff,
    string? HandoffReason,
    int Messages,
    string? FirstQuestion,
    int RatingsUp,
    int RatingsDown);

public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Rows, int Total);

/// <summary>A conversation as staff read it.</summary>
/// <param name="ConversationFeedback">Ratings of the whole conversation (not of one answer).</param>
public sealed record Transcript(Conversation Conversation, IReadOnlyList<TranscriptMessage> Messages, IReadOnlyList<Feedback> ConversationFeedback);

/// <summary>One message with what the engine recorded about it (for replies: metrics, tool calls) and its ratings.</summary>
public sealed record TranscriptMessage(Message Message, TurnMetrics? Metrics, IReadOnlyList<ToolCallRecord> ToolCalls, IReadOnlyList<Feedback> Feedback)
{
    /// <summary>An answer by the assistant: one staff can correct.</summary>
    public bool IsAssistantAnswer => Message.Role == MessageRole.Assistant;
}
