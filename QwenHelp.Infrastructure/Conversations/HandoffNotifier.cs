using Microsoft.Extensions.Logging;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Tells staff that a conversation waits for a person. The agent console (admin work) subscribes
/// to <see cref="HandoffRequested"/>; every handoff is also logged, and the waiting conversations
/// are always found by their state in the database.
/// </summary>
public sealed partial class HandoffNotifier(ILogger<HandoffNotifier> logger)
{
    public event EventHandler<HandoffNotice>? HandoffRequested;

    public void Notify(HandoffNotice notice)
    {
        LogHandoff(notice.ConversationId, notice.Reason, notice.Detail);
        try
        {
            HandoffRequested?.Invoke(this, notice);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken subscriber must not fail the customer's turn; the conversation is in the queue regardless.
            LogSubscriberFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} waits for an agent ({Reason}: {Detail})")]
    private partial void LogHandoff(Guid conversationId, string reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A handoff subscriber failed")]
    private partial void LogSubscriberFailed(Exception exception);
}

public sealed record HandoffNotice(Guid ConversationId, string Reason, string? Detail, string Language, DateTimeOffset At);
