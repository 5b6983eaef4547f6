namespace QwenHelp.Domain.Conversations;

public enum MessageRole
{
    Customer = 0,
    Assistant = 1,
    Agent = 2,
    System = 3,
}
