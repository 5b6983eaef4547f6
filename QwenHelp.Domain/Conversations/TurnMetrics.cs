using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Conversations;

/// <summary>What one answered turn cost and did; the analytics read these rows.</summary>
public sealed class TurnMetrics
{
    /// <summary>The reply message (assistant answer or notice) the metrics belong to.</summary>
    public long MessageId { get; set; }

    public Guid ConversationId { get; set; }

    public AnswerMode AnswerMode { get; set; }

    public string Language { get; set; } = "";

    public int LatencyMs { get; set; }

    /// <summary>From receiving the message to the first text sent back.</summary>
    public int? TtftMs { get; set; }

    public int? TokensIn { get; set; }

    public int? TokensOut { get; set; }

    /// <summary>The most tokens the prompt was allowed (context minus reserves), when a model was asked.</summary>
    public int? PromptLimit { get; set; }

    public int RetrievalHits { get; set; }

    public double? TopConfidence { get; set; }

    public bool CacheLookup { get; set; }

    public bool CacheHit { get; set; }

    /// <summary>Why a model answer fell back to retrieval: <c>timeout</c>, <c>error</c>, <c>circuit_open</c>, <c>guardrail</c>.</summary>
    public string? FallbackReason { get; set; }

    public int ToolCalls { get; set; }

    public int ToolFailures { get; set; }

    public List<GuardrailAction> GuardrailActions { get; set; } = [];

    public bool InjectionDetected { get; set; }

    public string? HandoffReason { get; set; }

    public bool CitationCheckFailed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
