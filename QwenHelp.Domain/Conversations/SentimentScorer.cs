using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Conversations;

/// <summary>
/// Scores how upset a message is from a weighted Chinese/English lexicon: each negative term adds
/// its weight, an intensifier just before it ("very", "太", "非常") adds half again, a negation just
/// before it ("not", "不") cancels it, and runs of exclamation marks add a little. 0 is calm; the
/// default handoff threshold is 3 (e.g. "This is ridiculous, worst service ever!!").
/// </summary>
public sealed class SentimentScorer
{
    private const int ModifierReach = 6;

    private readonly AhoCorasick _terms;
    private readonly double[] _weights;
    private readonly AhoCorasick _intensifiers = new(["very", "so", "really", "extremely", "totally", "absolutely", "太", "非常", "特别", "真的", "真是", "超级", "极其", "十分"]);
    private readonly AhoCorasick _negators = new(["not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "can't", "won't", "不", "没", "别", "并不", "不是"]);

    public SentimentScorer(IReadOnlyDictionary<string, double> negativeTerms)
    {
        _terms = new AhoCorasick(negativeTerms.Keys);
        _weights = _terms.Terms.Select(t => negativeTerms.First(kv => string.Equals(kv.Key.Trim(), t, StringComparison.OrdinalIgnoreCase)).Value).ToArray();
    }

    public double Score(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var intensifiers = _intensifiers.FindAll(text).Where(m => IsWordAt(text, m)).ToList();
        var negators = _negators.FindAll(text).Where(m => IsWordAt(text, m)).ToList();
        double score = 0;
        var lastEnd = -1;
        foreach (var match in _terms.FindAll(text).Where(m => IsWordAt(text, m)).OrderBy(m => m.Start).ThenByDescending(m => m.Length))
        {
            if (match.Start < lastEnd)
            {
                continue; // "worst" inside "the worst service": count the longest, once.
            }

            lastEnd = match.End;
            if (negators.Any(n => n.End <= match.Start && match.Start - n.End <= ModifierReach))
            {
                continue;
            }

            var weight = _weights[match.TermIndex];
            if (intensifiers.Any(i => i.End <= match.Start && match.Start - i.End <= ModifierReach))
            {
                weight *= 1.5;
            }

            score += weight;
        }

        var exclamations = text.Count(c => c is '!' or '！');
        return score + Math.Min(1.5, exclamations >= 2 ? 0.5 * (exclamations - 1) : 0);
    }

    /// <summary>Latin terms must stand as whole words ("no" is not in "know"); CJK terms have no word boundaries.</summary>
    internal static bool IsWordAt(string text, TermMatch match)
    {
        var first = text[match.Start];
        if (!char.IsAsciiLetter(first))
        {
            return true;
        }

        var before = match.Start == 0 || !char.IsAsciiLetter(text[match.Start - 1]);
        var after = match.End >= text.Length || !char.IsAsciiLetter(text[match.End]) || (match.End + 1 <= text.Length && text[match.End] == 's' && (match.End + 1 == text.Length || !char.IsAsciiLetter(text[match.End + 1])));
        return before && after;
    }
}
