using QwenHelp.Domain.Common;

namespace QwenHelp.Domain.Tools;

/// <summary>A follow-up for the support team, opened by <c>create_ticket</c>.</summary>
public sealed class Ticket : IAuditable
{
    public const string Open = "open";

    public long Id { get; set; }

    public Guid? ConversationId { get; set; }

    public required string Summary { get; set; }

    public required string Contact { get; set; }

    public string Status { get; set; } = Open;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
