using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>Everything the analytics dashboard shows for one date range.</summary>
/// <param name="From">First day, inclusive, in <paramref name="TimeZone"/>.</param>
/// <param name="To">Last day, inclusive.</param>
/// <param name="Days">One entry per day of the range, days without activity included.</param>
/// <param name="Totals">The days added up.</param>
/// <param name="Latency">Wall time of the engine's replies, receipt to finished answer.</param>
/// <param name="FirstToken">Receipt to the first text shown.</param>
public sealed record AnalyticsReport(
    DateOnly From,
    DateOnly To,
    string TimeZone,
    IReadOnlyList<DailyAggregate> Days,
    DailyAggregate Totals,
    LatencySummary Latency,
    LatencySummary FirstToken,
    IReadOnlyList<QuestionCount> TopQuestions,
    IReadOnlyList<KnowledgeGap> KnowledgeGaps)
{
    /// <summary>Conversations closed without a person, of all conversations started.</summary>
    public double? AutomaticResolutionRate => Rate(Totals.ResolvedAutomatically, Totals.Conversations);

    /// <summary>Conversations handed to a person, of all conversations started.</summary>
    public double? HandoffRate => Rate(Totals.HandedOff, Totals.Conversations);

    /// <summary>Thumbs up, of all ratings.</summary>
    public double? Satisfaction => Rate(Totals.RatingsUp, Totals.RatingsUp + Totals.RatingsDown);

    /// <summary>Cache hits, of the replies that looked in the cache.</summary>
    public double? CacheHitRate => Rate(Totals.CacheHits, Totals.CacheLookups);

    /// <summary>Tool calls that succeeded, of all tool calls.</summary>
    public double? ToolSuccessRate => Rate(Totals.ToolCallsSucceeded, Totals.ToolCalls);

    /// <summary>Null when there is nothing to divide by (shown as a dash, never as 0%).</summary>
    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>Nearest-rank percentiles in milliseconds; null when there were no values.</summary>
public sealed record LatencySummary(int Count, int? P50, int? P95, int? P99)
{
    public static LatencySummary Empty { get; } = new(0, null, null, null);
}

/// <summary>A question customers asked, counted by its normalized form.</summary>
/// <param name="Question">Its most recent wording.</param>
/// <param name="Answered">How many times the answer was not a knowledge gap.</param>
public sealed record QuestionCount(string Question, string Language, int Count, int Answered, DateTimeOffset LastAsked);

/// <summary>A question answered with low confidence or not at all.</summary>
/// <param name="Question">Its most recent wording.</param>
/// <param name="LastMode">How it was answered the last time.</param>
/// <param name="BestConfidence">The highest retrieval confidence any of its answers had; null when nothing was found.</param>
/// <param name="ConversationId">Where it was asked last.</param>
/// <param name="MessageId">The reply it got there.</param>
public sealed record KnowledgeGap(string Question, string Language, int Count, AnswerMode LastMode, double? BestConfidence, DateTimeOffset LastAsked, Guid ConversationId, long MessageId);
