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

    /// <summary>The running summary of the messages older than the history window.</summary>
    public string? Summary { get; set; }

    /// <summary>The id of the last message folded into <see cref="Summary"/> (0: none yet).</summary>
    public long SummaryThrough { get; set; }

    /// <summary>Facts the customer gave, kept in the prompt after their turn slid out of the window.</summary>
    public List<PinnedFact> PinnedFacts { get; set; } = [];

    /// <summary>How many answers in a row found nothing; a handoff rule reads it.</summary>
    public int UnansweredStreak { get; set; }

    /// <summary>Why the conversation last went to a person (see <see cref="HandoffReasons"/>).</summary>
    public string? HandoffReason { get; set; }

    public DateTimeOffset? HandoffAt { get; set; }
}
