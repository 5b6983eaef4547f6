using QwenHelp.Domain.Conversations;

namespace QwenHelp.Domain.Analytics;

/// <summary>
/// Which answered questions show a gap in the knowledge base: nothing relevant was found
/// (<see cref="AnswerMode.Unanswered"/>), only a "this may help" passage was offered
/// (<see cref="AnswerMode.Fallback"/>), or the model answered from passages retrieval was unsure of.
/// Direct and cached answers, tools, handoffs and refusals are not gaps.
/// </summary>
public static class KnowledgeGapRule
{
    public static bool IsGap(AnswerMode mode, double? topConfidence, double lowConfidence) => mode switch
    {
        AnswerMode.Unanswered or AnswerMode.Fallback => true,
        AnswerMode.Model => topConfidence is not { } confidence || confidence < lowConfidence,
        _ => false,
    };
}
