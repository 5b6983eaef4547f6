namespace QwenHelp.Domain.Conversations;

/// <summary>Who is answering a conversation right now.</summary>
public enum ConversationState
{
    /// <summary>The assistant answers.</summary>
    Bot = 0,

    /// <summary>Handed off; the customer waits for a person.</summary>
    WaitingForAgent = 1,

    /// <summary>A person has taken the conversation over.</summary>
    Agent = 2,

    /// <summary>Finished; a new message reopens it with the assistant.</summary>
    Closed = 3,
}
