namespace QwenHelp.Domain.Conversations;

/// <summary>A customer's rating of one answer (or of the whole conversation when <see cref="MessageId"/> is null).</summary>
public sealed class Feedback
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public long? MessageId { get; set; }

    /// <summary>+1 for thumbs up, -1 for thumbs down.</summary>
    public int Rating { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
