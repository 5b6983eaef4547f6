using QwenHelp.Domain.Text;
using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>Memory, context budget, cache and model resilience of the conversation engine. Bound from <c>QwenHelp:Conversation</c>.</summary>
public sealed class ConversationOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Conversation";

    /// <summary>The model's context length in tokens; the prompt and the answer share it.</summary>
    [Range(2048, 1_048_576)]
    public int ContextTokens { get; set; } = 32768;

    /// <summary>Tokens kept free for the answer (also the model's output limit).</summary>
    [Range(64, 65_536)]
    public int AnswerReserveTokens { get; set; } = 1024;

    /// <summary>Tokens kept free for tool calls and their results.</summary>
    [Range(0, 65_536)]
    public int ToolReserveTokens { get; set; } = 512;

    /// <summary>Turns kept verbatim in the prompt; older ones are folded into the running summary.</summary>
    [Range(1, RegexTimeouts.Milliseconds)]
    public int HistoryTurns { get; set; } = 6;

    /// <summary>The longest running summary, in characters (oldest lines go first).</summary>
    [Range(200, 20_000)]
    public int SummaryMaxCharacters { get; set; } = 2000;

    /// <summary>Passages asked of retrieval per turn.</summary>
    [Range(1, 50)]
    public int RetrievalPassages { get; set; } = 6;

    /// <summary>The first token must arrive within this many seconds, or the turn is answered from retrieval.</summary>
    [Range(0.05, 120)]
    public double FirstTokenTimeoutSeconds { get; set; } = 2;

    /// <summary>Longest pause between two tokens once the answer has started.</summary>
    [Range(0.05, 300)]
    public double TokenStallTimeoutSeconds { get; set; } = 15;

    /// <summary>Tool-call rounds per turn before the model must answer.</summary>
    [Range(0, 10)]
    public int MaxToolRounds { get; set; } = 3;

    /// <summary>Circuit breaker: the share of failed model calls (within <see cref="BreakerSamplingSeconds"/>) that opens it.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Circuit breaker: calls needed in the sampling window before it may open.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumCalls { get; set; } = 4;

    [Range(0.5, 3600)]
    public double BreakerSamplingSeconds { get; set; } = 60;

    /// <summary>How long an open breaker keeps the model out of turns.</summary>
    [Range(0.5, 3600)]
    public double BreakerBreakSeconds { get; set; } = 30;

    /// <summary>Answer cache entries kept (direct answers and context-free model answers).</summary>
    [Range(0, 1_000_000)]
    public int AnswerCacheEntries { get; set; } = 2000;

    [Range(1, 100_000)]
    public int AnswerCacheMinutes { get; set; } = 60;

    /// <summary>Active conversations stay in memory this long after their last turn.</summary>
    [Range(1, 1440)]
    public int ActiveConversationMinutes { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AnswerReserveTokens + ToolReserveTokens > ContextTokens / 2)
        {
            yield return new ValidationResult(
                $"{Section}:AnswerReserveTokens + ToolReserveTokens must be at most half of {Section}:ContextTokens.",
                [nameof(AnswerReserveTokens), nameof(ToolReserveTokens)]);
        }
    }
}
