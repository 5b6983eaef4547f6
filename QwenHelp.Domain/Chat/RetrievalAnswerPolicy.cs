using System.Globalization;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Domain.Chat;

/// <summary>
/// The retrieval-grounded answer (no model, or the model failed): a passage retrieval is confident
/// about is answered as written; a weaker one is offered honestly as "this may help"; nothing
/// relevant is said plainly.
/// </summary>
public sealed class RetrievalAnswerPolicy(double relatedConfidence)
{
    public AnswerDecision Decide(RetrievalResult retrieval, string language)
    {
        if (retrieval.ConfidentFaq is { } confident)
        {
            return new AnswerDecision(AnswerMode.Direct, confident.Text, [Cite(confident)]);
        }

        // Offer the best-ranked passage retrieval is reasonably sure of: the one that matched the question
        // (a document's introduction may look surer by its words, yet the price chunk ranked first is the answer).
        // It is quoted whole, so an exception or a "not" in it is never cut off.
        var best = retrieval.Passages.FirstOrDefault(p => p.Confidence >= relatedConfidence);
        if (best is not null && best.Confidence >= relatedConfidence)
        {
            var text = string.Format(CultureInfo.InvariantCulture, AnswerTexts.MayHelp(language), best.Title, best.Text);
            return new AnswerDecision(AnswerMode.Fallback, text, [Cite(best)]);
        }

        return new AnswerDecision(AnswerMode.Unanswered, AnswerTexts.NotFound(language), []);
    }

    public static Citation Cite(RetrievedPassage passage) =>
        new(passage.Kind == PassageKind.Faq ? Citation.FaqKind : Citation.ChunkKind, passage.SourceId, passage.Title);
}

/// <summary>The answer to send, how it was made, and what it cites.</summary>
public sealed record AnswerDecision(AnswerMode Mode, string Text, IReadOnlyList<Citation> Citations);
