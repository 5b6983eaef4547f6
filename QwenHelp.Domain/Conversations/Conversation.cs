using QwenHelp.Domain.Common;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Conversations;

/// <summary>One customer's exchange with the shop, across any number of turns.</summary>
public sealed class Conversation : IAuditable
{
    public Guid Id { get; set; }

    /// <summary>The anonymous id the widget keeps in the visitor's browser (or the API caller's id).</summary>
    public string VisitorId { get; set; } = "";

    /// <summary>Where the conversation came in: <c>widget</c>, <c>api</c>, <c>openai</c>.</summary>
    public string Channel { get; set; } = Channels.Widget;

    public string Language { get; set; } = Languages.English;

    public ConversationState State { get; set; } = ConversationState.Bot;

    public List<Message> Messages { get; set; } = [];

    public List<Feedback> Feedback { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}
