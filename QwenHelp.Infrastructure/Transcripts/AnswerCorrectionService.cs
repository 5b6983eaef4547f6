using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Transcripts;

/// <summary>
/// "Correct this answer": staff rewrite an assistant answer, and the correction becomes knowledge —
/// a new FAQ entry for the customer's question, or the cited FAQ entry updated (the customer's
/// wording added to its alternate phrasings) — through <see cref="FaqService"/>, so it is indexed
/// and answered at once, and recorded in the audit trail. The conversation itself is not changed.
/// </summary>
public sealed class AnswerCorrectionService(IDbContextFactory<QwenHelpDbContext> dbFactory, FaqService faq, AuditTrail audit)
{
    public const string AuditAction = "faq.correct";

    /// <summary>What the correction dialog starts from; null when the message is not an assistant answer.</summary>
    public async Task<CorrectionDraft?> DraftAsync(long messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var answer = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.Role == MessageRole.Assistant, cancellationToken);
        if (answer is null)
        {
            return null;
        }

        var question = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == answer.ConversationId && m.Role == MessageRole.Customer && m.Id < messageId)
            .OrderByDescending(m => m.Id).Select(m => m.Text).FirstOrDefaultAsync(cancellationToken) ?? "";
        var language = await db.TurnMetrics.Where(t => t.MessageId == messageId).Select(t => t.Language).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Conversations.Where(c => c.Id == answer.ConversationId).Select(c => c.Language).FirstAsync(cancellationToken);
        var citedIds = answer.Citations.Where(c => c.Kind == Citation.FaqKind).Select(c => c.SourceId).Distinct().ToList();
        var cited = await db.FaqEntries.AsNoTracking().Where(e => citedIds.Contains(e.Id)).ToListAsync(cancellationToken);
        return new CorrectionDraft(messageId, answer.ConversationId, question, answer.Text, Languages.IsSupported(language) ? language : Languages.English,
            citedIds.Select(id => cited.FirstOrDefault(e => e.Id == id)).OfType<FaqEntry>().ToList());
    }

    /// <summary>Saves the correction as FAQ knowledge. Nothing is saved when the input is invalid or the message is not an assistant answer.</summary>
    public async Task<FaqSaveResult> CorrectAsync(long messageId, AnswerCorrection correction, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correction);
        var draft = await DraftAsync(messageId, cancellationToken);
        if (draft is null)
        {
            return FaqSaveResult.Invalid(new Dictionary<string, string[]> { ["message"] = ["Only an answer by the assistant can be corrected."] });
        }

        FaqSaveResult result;
        if (correction.UpdateFaqId is { } faqId)
        {
            var entry = await faq.FindAsync(faqId, cancellationToken);
            if (entry is null)
            {
                return FaqSaveResult.NotFound;
            }

            var alternates = entry.AlternateQuestions.ToList();
            var asked = correction.Question.Trim();
            if (asked.Length > 0 && AddsPhrasing(entry, asked))
            {
                alternates.Add(asked);
            }

            result = await faq.UpdateAsync(faqId, new FaqEntryInput(entry.Question, correction.Answer, alternates, entry.Category, entry.Language, entry.Enabled, entry.Key), cancellationToken);
        }
        else
        {
            result = await faq.CreateAsync(new FaqEntryInput(correction.Question, correction.Answer, [], correction.Category, correction.Language ?? draft.Language), cancellationToken);
        }

        if (result.Succeeded)
        {
            await audit.RecordAsync(actor, AuditAction, $"faq:{result.Entry!.Id}",
                $"{(correction.UpdateFaqId is null ? "new entry" : "updated entry")} from conversation {draft.ConversationId}, message {messageId}: {result.Entry.Question}",
                cancellationToken);
        }

        return result;
    }

    /// <summary>The customer's wording is worth keeping when the entry does not already have it (ignoring case and punctuation).</summary>
    private static bool AddsPhrasing(FaqEntry entry, string asked)
    {
        var normalized = QuestionNormalizer.Normalize(asked);
        return normalized.Length > 0 && entry.AlternateQuestions.Prepend(entry.Question).All(q => QuestionNormalizer.Normalize(q) != normalized);
    }
}

/// <param name="Question">The customer's question the answer replied to.</param>
/// <param name="Answer">The assistant's answer as the customer saw it.</param>
/// <param name="Language">The language of the turn.</param>
/// <param name="CitedEntries">The FAQ entries the answer cited that still exist.</param>
public sealed record CorrectionDraft(long MessageId, Guid ConversationId, string Question, string Answer, string Language, IReadOnlyList<FaqEntry> CitedEntries);

/// <param name="Answer">The corrected answer.</param>
/// <param name="Question">The question of a new entry; for an update, the customer's wording to add as an alternate phrasing.</param>
/// <param name="UpdateFaqId">The FAQ entry to update; null saves a new entry.</param>
/// <param name="Language">A new entry's language; null: the turn's.</param>
public sealed record AnswerCorrection(string Answer, string Question, int? UpdateFaqId = null, string Category = "general", string? Language = null);
