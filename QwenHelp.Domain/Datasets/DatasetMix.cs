using System.Globalization;

namespace QwenHelp.Domain.Datasets;

/// <summary>The three kinds of fine-tuning examples.</summary>
public enum ExampleKind
{
    /// <summary>From the FAQ: a question (or one of its other phrasings) and its answer.</summary>
    Knowledge,

    /// <summary>From conversations: a customer's question and the reply the customer rated thumbs-up.</summary>
    Dialogue,

    /// <summary>From conversations: what the assistant says when it should not answer (handoff to a person, a guardrail refusal, "I don't know").</summary>
    Exception,
}

/// <summary>
/// The share of each kind in an export, in whole percent adding up to 100 (default 60/30/10). The
/// mix is kept exactly (within rounding of one example): when a kind has fewer examples than its
/// share needs, the whole export shrinks to fit rather than filling up with other kinds.
/// </summary>
public sealed record DatasetMix(int KnowledgePercent, int DialoguePercent, int ExceptionPercent)
{
    public static DatasetMix Default { get; } = new(60, 30, 10);

    /// <summary>Why this mix cannot be used, or null.</summary>
    public string? Validate()
    {
        if (KnowledgePercent is < 0 or > 100 || DialoguePercent is < 0 or > 100 || ExceptionPercent is < 0 or > 100)
        {
            return "Each share must be between 0 and 100 percent.";
        }

        return KnowledgePercent + DialoguePercent + ExceptionPercent == 100
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The shares must add up to 100 percent (they add up to {KnowledgePercent + DialoguePercent + ExceptionPercent}).");
    }

    public int PercentOf(ExampleKind kind) => kind switch
    {
        ExampleKind.Knowledge => KnowledgePercent,
        ExampleKind.Dialogue => DialoguePercent,
        _ => ExceptionPercent,
    };

    /// <summary>How many examples of each kind to take from what is available, at most <paramref name="maxExamples"/> in all.</summary>
    public DatasetPlan Plan(int maxExamples, IReadOnlyDictionary<ExampleKind, int> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var kinds = Enum.GetValues<ExampleKind>();
        var total = Math.Max(0, maxExamples);
        ExampleKind? limitedBy = null;
        foreach (var kind in kinds)
        {
            var percent = PercentOf(kind);
            if (percent == 0)
            {
                continue;
            }

            // The most examples in all for which this kind's share is still available.
            var fits = (int)Math.Min(int.MaxValue, (long)available.GetValueOrDefault(kind) * 100 / percent);
            if (fits < total)
            {
                total = fits;
                limitedBy = kind;
            }
        }

        while (true)
        {
            var counts = Split(total);
            if (kinds.All(k => counts[k] <= available.GetValueOrDefault(k)))
            {
                return new DatasetPlan(counts, limitedBy);
            }

            // Rounding up gave a kind one more than it has: one example fewer in all.
            total--;
        }
    }

    /// <summary>Largest-remainder split of <paramref name="total"/> by the shares.</summary>
    private Dictionary<ExampleKind, int> Split(int total)
    {
        var kinds = Enum.GetValues<ExampleKind>();
        var counts = kinds.ToDictionary(k => k, k => total * PercentOf(k) / 100);
        var left = total - counts.Values.Sum();
        foreach (var kind in kinds.OrderByDescending(k => total * PercentOf(k) % 100).ThenBy(k => k).Take(left))
        {
            counts[kind]++;
        }

        return counts;
    }
}

/// <param name="Counts">Examples to take of each kind.</param>
/// <param name="LimitedBy">The kind whose shortage made the export smaller than asked, if any.</param>
public sealed record DatasetPlan(IReadOnlyDictionary<ExampleKind, int> Counts, ExampleKind? LimitedBy)
{
    public int Total => Counts.Values.Sum();
}
