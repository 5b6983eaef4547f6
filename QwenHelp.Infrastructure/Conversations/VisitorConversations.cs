using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>A visitor's own conversations: ownership checks, the one to resume, and transcripts.</summary>
public sealed class VisitorConversations(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    /// <summary>How long an unfinished conversation is resumed when the visitor comes back.</summary>
    public static readonly TimeSpan ResumeWindow = TimeSpan.FromDays(7);

    public async Task<bool> BelongsToAsync(Guid conversationId, string visitorId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.AnyAsync(c => c.Id == conversationId && c.VisitorId == visitorId, cancellationToken);
    }

    /// <summary>The visitor's most recent conversation that is not closed and was active within the resume window.</summary>
    public async Task<Guid?> LatestOpenAsync(string visitorId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var since = now - ResumeWindow;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations
            .Where(c => c.VisitorId == visitorId && c.State != ConversationState.Closed && c.UpdatedAt >= since)
            .OrderByDescending(c => c.UpdatedAt)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ConversationTranscript?> TranscriptAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Role != MessageRole.System)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var ratings = await db.Feedback.AsNoTracking()
            .Where(f => f.ConversationId == conversationId && f.MessageId != null)
            .ToDictionaryAsync(f => f.MessageId!.Value, f => f.Rating, cancellationToken);
        return new ConversationTranscript(
            conversation.Id,
            conversation.State,
            conversation.Language,
            conversation.CreatedAt,
            messages.Select(m => new TranscriptMessage(m.Id, m.Role, m.Text, m.AnswerMode, m.Citations, m.CreatedAt, ratings.GetValueOrDefault(m.Id))).ToList());
    }
}

public sealed record ConversationTranscript(Guid Id, ConversationState State, string Language, DateTimeOffset CreatedAt, IReadOnlyList<TranscriptMessage> Messages);

/// <param name="Rating">The customer's rating of this answer: +1, -1, or 0 when not rated.</param>
public sealed record TranscriptMessage(long Id, MessageRole Role, string Text, AnswerMode? Mode, IReadOnlyList<Citation> Citations, DateTimeOffset At, int Rating);
