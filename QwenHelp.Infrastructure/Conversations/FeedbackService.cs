using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>Thumbs up or down (with an optional comment) on one answer; rating again replaces the earlier rating.</summary>
public sealed class FeedbackService(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxCommentLength = 1000;

    public async Task<FeedbackOutcome> RecordAsync(Guid conversationId, long messageId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        if (rating is not (1 or -1))
        {
            return FeedbackOutcome.InvalidRating;
        }

        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            return FeedbackOutcome.CommentTooLong;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rated = await db.Messages.AnyAsync(
            m => m.Id == messageId && m.ConversationId == conversationId && (m.Role == MessageRole.Assistant || m.Role == MessageRole.Agent),
            cancellationToken);
        if (!rated)
        {
            return FeedbackOutcome.NotFound;
        }

        var existing = await db.Feedback.FirstOrDefaultAsync(f => f.ConversationId == conversationId && f.MessageId == messageId, cancellationToken);
        if (existing is null)
        {
            db.Feedback.Add(new Feedback { ConversationId = conversationId, MessageId = messageId, Rating = rating, Comment = comment, CreatedAt = clock.GetUtcNow() });
        }
        else
        {
            existing.Rating = rating;
            existing.Comment = comment ?? existing.Comment;
            existing.CreatedAt = clock.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return FeedbackOutcome.Saved;
    }
}

public enum FeedbackOutcome
{
    Saved,
    InvalidRating,
    CommentTooLong,
    NotFound,
}
