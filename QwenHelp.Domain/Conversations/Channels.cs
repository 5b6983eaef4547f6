namespace QwenHelp.Domain.Conversations;

/// <summary>Where a conversation came in.</summary>
public static class Channels
{
    public const string Widget = "widget";
    public const string Api = "api";

    /// <summary>The OpenAI-compatible /v1/chat/completions, called by integrators with an API key.</summary>
    public const string OpenAi = "openai";
}
