namespace QwenHelp.Domain.Conversations;

/// <summary>One stored message as the prompt builder and summarizer see it.</summary>
public sealed record HistoryMessage(long Id, MessageRole Role, string Text);
