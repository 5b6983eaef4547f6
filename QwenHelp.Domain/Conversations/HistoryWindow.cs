namespace QwenHelp.Domain.Conversations;

/// <summary>
/// Splits a conversation's history into the last N turns, kept verbatim in the prompt, and the
/// older messages, folded into the running summary. A turn starts at a customer message and takes
/// every reply after it (assistant, agent, notices).
/// </summary>
public static class HistoryWindow
{
    /// <param name="messages">Oldest first.</param>
    public static (IReadOnlyList<HistoryMessage> Older, IReadOnlyList<HistoryMessage> Recent) Split(IReadOnlyList<HistoryMessage> messages, int turns)
    {
        if (turns <= 0)
        {
            return (messages, []);
        }

        var customerSeen = 0;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == MessageRole.Customer && ++customerSeen == turns)
            {
                return (messages.Take(i).ToList(), messages.Skip(i).ToList());
            }
        }

        return ([], messages);
    }
}
