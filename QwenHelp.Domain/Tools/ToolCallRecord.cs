namespace QwenHelp.Domain.Tools;

/// <summary>One tool call, by the model or by the engine's rules, and how it went.</summary>
public sealed class ToolCallRecord
{
    public const string ModelCaller = "model";
    public const string RuleCaller = "rule";

    public long Id { get; set; }

    public Guid ConversationId { get; set; }

    public long? MessageId { get; set; }

    public required string Name { get; set; }

    /// <summary>The arguments as JSON.</summary>
    public required string Arguments { get; set; }

    /// <summary>The result as JSON, as fed back to the model.</summary>
    public string? Result { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }

    /// <summary><see cref="ModelCaller"/> or <see cref="RuleCaller"/>.</summary>
    public string Caller { get; set; } = ModelCaller;

    public DateTimeOffset CreatedAt { get; set; }
}
