using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>
/// The additive figures of one calendar day (in the analytics time zone). Each event counts on its
/// own day: conversations by when they started (with what became of them: handed off, resolved
/// without a person), messages, replies and tool calls by when they were made, ratings by when
/// they were given. Days add up (<see cref="Sum"/>), so a range's figures are the sum of its days —
/// whether the days were computed from raw rows or read from stored roll-ups.
/// </summary>
public sealed record DailyAggregate(DateOnly Day)
{
    /// <summary>Conversations that started this day.</summary>
    public int Conversations { get; init; }

    /// <summary>Of those, handed to a person (by a rule, the model, or the customer's request).</summary>
    public int HandedOff { get; init; }

    /// <summary>Of those, closed without a person: never handed off and no agent message.</summary>
    public int ResolvedAutomatically { get; init; }

    /// <summary>Of those, closed (by anyone).</summary>
    public int Closed { get; init; }

    /// <summary>Every stored message: customer, assistant, agent and notices.</summary>
    public int Messages { get; init; }

    public int CustomerMessages { get; init; }

    public int AgentMessages { get; init; }

    /// <summary>Replies by the engine (one per customer message it answered: turn_metrics rows).</summary>
    public int Replies { get; init; }

    /// <summary>Replies by how they were made, with agent messages counted as <see cref="AnswerMode.Agent"/>.</summary>
    public IReadOnlyDictionary<AnswerMode, int> Modes { get; init; } = new Dictionary<AnswerMode, int>();

    /// <summary>Handoffs by reason (one per turn that handed the conversation to a person).</summary>
    public IReadOnlyDictionary<string, int> HandoffReasons { get; init; } = new Dictionary<string, int>();

    public int RatingsUp { get; init; }

    public int RatingsDown { get; init; }

    public int CacheLookups { get; init; }

    public int CacheHits { get; init; }

    public int ToolCalls { get; init; }

    public int ToolCallsSucceeded { get; init; }

    public int Mode(AnswerMode mode) => Modes.GetValueOrDefault(mode);

    /// <summary>The figures of several days together (their <see cref="Day"/> is the first one's).</summary>
    public static DailyAggregate Sum(IReadOnlyList<DailyAggregate> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var modes = new Dictionary<AnswerMode, int>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            foreach (var (mode, count) in day.Modes)
            {
                modes[mode] = modes.GetValueOrDefault(mode) + count;
            }

            foreach (var (reason, count) in day.HandoffReasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + count;
            }
        }

        return new DailyAggregate(days.Count > 0 ? days[0].Day : default)
        {
            Conversations = days.Sum(d => d.Conversations),
            HandedOff = days.Sum(d => d.HandedOff),
            ResolvedAutomatically = days.Sum(d => d.ResolvedAutomatically),
            Closed = days.Sum(d => d.Closed),
            Messages = days.Sum(d => d.Messages),
            CustomerMessages = days.Sum(d => d.CustomerMessages),
            AgentMessages = days.Sum(d => d.AgentMessages),
            Replies = days.Sum(d => d.Replies),
            Modes = modes,
            HandoffReasons = reasons,
            RatingsUp = days.Sum(d => d.RatingsUp),
            RatingsDown = days.Sum(d => d.RatingsDown),
            CacheLookups = days.Sum(d => d.CacheLookups),
            CacheHits = days.Sum(d => d.CacheHits),
            ToolCalls = days.Sum(d => d.ToolCalls),
            ToolCallsSucceeded = days.Sum(d => d.ToolCallsSucceeded),
        };
    }
}
