using QwenHelp.Domain.Conversations;

namespace QwenHelp.Web.Components.Pages.Widget;

/// <summary>One message as the widget shows it.</summary>
public sealed record ChatBubble(MessageRole Role, string Text, AnswerMode? Mode = null, IReadOnlyList<Citation>? Citations = null, bool IsError = false);
