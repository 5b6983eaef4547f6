namespace QwenHelp.Domain.Conversations;

/// <summary>
/// Who may move a conversation between <see cref="ConversationState"/>s:
/// <list type="bullet">
/// <item>Bot → WaitingForAgent: a handoff rule fired (or the model asked for one).</item>
/// <item>WaitingForAgent → Agent: a person takes it. WaitingForAgent → Bot: the customer or an agent cancels the handoff.</item>
/// <item>Agent → Bot: the agent hands it back to the assistant. Agent → Closed: the agent closes it.</item>
/// <item>Bot/WaitingForAgent → Closed: closed by staff or by inactivity.</item>
/// <item>Closed → Bot: reopening. A new customer message in a closed conversation reopens it with the
/// assistant (never straight to a person, who may have gone home); its history and pinned facts stay.</item>
/// </list>
/// </summary>
public static class ConversationStateRules
{
    public static bool CanMove(ConversationState from, ConversationState to) => (from, to) switch
    {
        (ConversationState.Bot, ConversationState.WaitingForAgent) => true,
        (ConversationState.Bot, ConversationState.Closed) => true,
        (ConversationState.WaitingForAgent, ConversationState.Agent) => true,
        (ConversationState.WaitingForAgent, ConversationState.Bot) => true,
        (ConversationState.WaitingForAgent, ConversationState.Closed) => true,
        (ConversationState.Agent, ConversationState.Bot) => true,
        (ConversationState.Agent, ConversationState.Closed) => true,
        (ConversationState.Closed, ConversationState.Bot) => true,
        _ => false,
    };

    /// <summary>The state a conversation is in once a customer message arrives in <paramref name="current"/>.</summary>
    public static ConversationState OnCustomerMessage(ConversationState current) =>
        current == ConversationState.Closed ? ConversationState.Bot : current;

    /// <summary>Whether the assistant answers customer messages in this state (otherwise a person will).</summary>
    public static bool AssistantAnswers(ConversationState state) => state == ConversationState.Bot;
}
