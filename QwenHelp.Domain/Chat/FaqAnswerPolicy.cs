using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Domain.Chat;

/// <summary>
/// Decides how to answer from FAQ matches alone (no model): a confident match is answered as
/// written; a weaker one is offered honestly as "this may help"; nothing relevant is said plainly.
/// </summary>
public sealed class FaqAnswerPolicy(FaqAnswerThresholds thresholds)
{
    public AnswerDecision Decide(IReadOnlyList<FaqMatch> matches, string language)
    {
        var best = matches.Count > 0 ? matches[0] : null;
        if (best is not null && best.Coverage >= thresholds.Confident)
        {
            return new AnswerDecision(AnswerMode.Direct, best.Answer, [Cite(best)]);
        }

        if (best is not null && best.Coverage >= thresholds.Related)
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, AnswerTexts.MayHelp(language), best.Question, best.Answer);
            return new AnswerDecision(AnswerMode.Fallback, text, [Cite(best)]);
        }

        return new AnswerDecision(AnswerMode.Unanswered, AnswerTexts.NotFound(language), []);
    }

    private static Citation Cite(FaqMatch match) => new(Citation.FaqKind, match.FaqId, match.Question);
}

/// <summary>Coverage levels (see <see cref="FaqMatch.Coverage"/>) for a direct answer and for a related suggestion.</summary>
public sealed record FaqAnswerThresholds(double Confident = 0.6, double Related = 0.3);

/// <summary>The answer to send, how it was made, and what it cites.</summary>
public sealed record AnswerDecision(AnswerMode Mode, string Text, IReadOnlyList<Citation> Citations);
