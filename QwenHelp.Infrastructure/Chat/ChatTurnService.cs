using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Chat;

/// <summary>
/// Answers one customer message: checks it, finds or starts the conversation, retrieves, decides,
/// and stores the question and the answer together. A refused message stores nothing.
/// </summary>
public sealed class ChatTurnService(
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    IKnowledgeRetriever retriever,
    IOptions<ChatOptions> options,
    TimeProvider clock)
{
    private const int MatchesConsidered = 5;

    public async Task<ChatTurnResult> AnswerAsync(ChatTurnRequest request, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var check = ChatMessageRules.Check(request.Message, options.Value.MaxMessageLength);
        if (!check.IsValid)
        {
            return ChatTurnResult.Refused(check.Error!.Value);
        }

        var text = check.Text!;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Conversation? conversation = null;
        if (request.ConversationId is { } id)
        {
            conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (conversation is null)
            {
                return ChatTurnResult.Refused(ChatErrorKind.ConversationNotFound);
            }
        }

        var language = LanguageDetector.Detect(text, conversation?.Language ?? request.Language ?? Domain.Knowledge.Languages.English);
        var thresholds = new FaqAnswerThresholds(options.Value.ConfidentCoverage, options.Value.RelatedCoverage);
        var retrieval = await retriever.RetrieveAsync(new RetrievalQuery(text, language, MatchesConsidered), cancellationToken);
        var decision = new FaqAnswerPolicy(thresholds).Decide(FaqMatches(retrieval, thresholds), language);

        var now = clock.GetUtcNow();
        if (conversation is null)
        {
            conversation = new Conversation
            {
                Id = Guid.NewGuid(),
                VisitorId = string.IsNullOrWhiteSpace(request.VisitorId) ? "anonymous" : request.VisitorId,
                Channel = request.Channel,
                Language = language,
            };
            db.Conversations.Add(conversation);
        }
        else
        {
            conversation.Language = language;
            // The conversation changed; stamp it so lists sorted by activity see it.
            db.Entry(conversation).State = EntityState.Modified;
        }

        var question = new Message { ConversationId = conversation.Id, Role = MessageRole.Customer, Text = text, CreatedAt = now };
        var answer = new Message
        {
            ConversationId = conversation.Id,
            Role = MessageRole.Assistant,
            Text = decision.Text,
            AnswerMode = decision.Mode,
            Citations = [.. decision.Citations],
            CreatedAt = now,
            LatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        db.Messages.AddRange(question, answer);
        await db.SaveChangesAsync(cancellationToken);

        return new ChatTurnResult(conversation.Id, answer.Id, decision, language, null);
    }

    /// <summary>
    /// The FAQ passages as the policy reads them: retrieval's confident FAQ passes the direct-answer
    /// threshold, every other passage counts by its calibrated confidence, below that threshold.
    /// </summary>
    private static List<FaqMatch> FaqMatches(RetrievalResult retrieval, FaqAnswerThresholds thresholds) =>
        retrieval.Passages.Where(p => p.Kind == PassageKind.Faq)
            .Select(p => new FaqMatch(p.SourceId, p.Title, p.Text, p.Language, p.Score,
                p == retrieval.ConfidentFaq ? Math.Max(p.Confidence, thresholds.Confident) : Math.Min(p.Confidence, Math.BitDecrement(thresholds.Confident))))
            .ToList();
}

/// <summary>One customer message to answer.</summary>
/// <param name="ConversationId">Null to start a new conversation.</param>
/// <param name="Language">The language to assume when the message itself does not tell (digits, emoji).</param>
public sealed record ChatTurnRequest(Guid? ConversationId, string? Message, string Channel, string? VisitorId = null, string? Language = null);

/// <summary>The answer to a chat turn, or why it was refused.</summary>
public sealed record ChatTurnResult(Guid ConversationId, long MessageId, AnswerDecision? Answer, string Language, ChatErrorKind? Error)
{
    public bool Succeeded => Error is null;

    public static ChatTurnResult Refused(ChatErrorKind error) => new(Guid.Empty, 0, null, "", error);
}
