namespace QwenHelp.Domain.Conversations;

/// <summary>Where a conversation came in.</summary>
public static class Channels
{
    public const string Widget = "widget";
    public const string Api = "api";
}
