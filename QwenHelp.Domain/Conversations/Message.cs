namespace QwenHelp.Domain.Conversations;

/// <summary>One message in a conversation, from the customer, the assistant or an agent.</summary>
public sealed class Message
{
    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public Conversation? Conversation { get; set; }

    public MessageRole Role { get; set; }

    public required string Text { get; set; }

    /// <summary>How an assistant message was produced; null for customer and agent messages.</summary>
    public AnswerMode? AnswerMode { get; set; }

    public List<Citation> Citations { get; set; } = [];

    /// <summary>Wall time from receiving the customer's message to the finished answer.</summary>
    public int? LatencyMs { get; set; }

    public int? TokensIn { get; set; }

    public int? TokensOut { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
