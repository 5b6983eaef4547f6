using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Tests.Support;

/// <summary>
/// Builds a stored conversation with known times, answers and metrics, the way the engine (and an
/// agent, and a rating customer) would have left it, for tests whose expected figures must be exact.
/// Each turn is one minute after the previous one.
/// </summary>
public sealed class ConversationSeed
{
    private readonly List<Step> _steps = [];
    private readonly DateTimeOffset _started;
    private readonly string _language;
    private bool _closed;
    private string? _lastHandoff;

    private ConversationSeed(DateTimeOffset started, string language) => (_started, _language) = (started, language);

    public Guid Id { get; } = Guid.NewGuid();

    public static ConversationSeed StartedAt(string utc, string language = "en") => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), language);

    /// <summary>A customer message and the engine's reply with its metrics.</summary>
    public ConversationSeed Turn(string question, AnswerMode mode, int latencyMs, string? reply = null, int? ttftMs = null, double? confidence = null,
        bool cacheLookup = false, bool cacheHit = false, string? handoff = null, IReadOnlyList<(string Name, bool Succeeded)>? tools = null,
        IReadOnlyList<Citation>? citations = null)
    {
        _steps.Add(new Step(question, reply ?? $"[{mode}] reply to: {question}", mode, latencyMs, ttftMs, confidence, cacheLookup, cacheHit, handoff, tools ?? [], citations ?? [], null));
        _lastHandoff = handoff ?? _lastHandoff;
        return this;
    }

    public ConversationSeed AgentReply(string text)
    {
        _steps.Add(new Step(null, text, AnswerMode.Agent, 0, null, null, false, false, null, [], [], null));
        return this;
    }

    /// <summary>The customer rates the last reply (+1 or -1).</summary>
    public ConversationSeed Rated(int rating)
    {
        _steps.Add(new Step(null, null, AnswerMode.Direct, 0, null, null, false, false, null, [], [], rating));
        return this;
    }

    public ConversationSeed Closed()
    {
        _closed = true;
        return this;
    }

    public async Task SaveAsync(QwenHelpFactory factory)
    {
        var dbFactory = factory.GetService<IDbContextFactory<QwenHelpDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var at = _started;
        var conversation = new Conversation
        {
            Id = Id,
            VisitorId = "seed",
            Channel = Channels.Widget,
            Language = _language,
            State = _closed ? ConversationState.Closed : _lastHandoff is not null ? ConversationState.WaitingForAgent : ConversationState.Bot,
            HandoffReason = _lastHandoff,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();

        long lastReply = 0;
        DateTimeOffset? handoffAt = null;
        foreach (var step in _steps)
        {
            if (step.Rating is { } rating)
            {
                db.Feedback.Add(new Feedback { ConversationId = Id, MessageId = lastReply, Rating = rating, CreatedAt = at });
                await db.SaveChangesAsync();
                continue;
            }

            at = at.AddMinutes(1);
            if (step.Mode == AnswerMode.Agent)
            {
                var agent = new Message { ConversationId = Id, Role = MessageRole.Agent, Text = step.Reply!, AnswerMode = AnswerMode.Agent, CreatedAt = at };
                db.Messages.Add(agent);
                await db.SaveChangesAsync();
                lastReply = agent.Id;
                continue;
            }

            var question = new Message { ConversationId = Id, Role = MessageRole.Customer, Text = step.Question!, CreatedAt = at };
            db.Messages.Add(question);
            await db.SaveChangesAsync();
            var role = step.Mode == AnswerMode.Handoff && step.Handoff is null ? MessageRole.System : MessageRole.Assistant;
            var reply = new Message
            {
                ConversationId = Id, Role = role, Text = step.Reply!, AnswerMode = role == MessageRole.Assistant ? step.Mode : null,
                Citations = [.. step.Citations], LatencyMs = step.LatencyMs, CreatedAt = at,
            };
            db.Messages.Add(reply);
            await db.SaveChangesAsync();
            lastReply = reply.Id;
            db.TurnMetrics.Add(new TurnMetrics
            {
                MessageId = reply.Id, ConversationId = Id, AnswerMode = step.Mode, Language = _language, LatencyMs = step.LatencyMs, TtftMs = step.TtftMs,
                TopConfidence = step.Confidence, RetrievalHits = step.Confidence is null ? 0 : 3, CacheLookup = step.CacheLookup, CacheHit = step.CacheHit,
                HandoffReason = step.Handoff, ToolCalls = step.Tools.Count, ToolFailures = step.Tools.Count(t => !t.Succeeded), CreatedAt = at,
            });
            foreach (var (name, succeeded) in step.Tools)
            {
                db.ToolCalls.Add(new ToolCallRecord
                {
                    ConversationId = Id, MessageId = reply.Id, Name = name, Arguments = "{}", Result = succeeded ? "{\"found\":true}" : "{\"error\":\"down\"}",
                    Succeeded = succeeded, Error = succeeded ? null : "down", DurationMs = 12, Caller = ToolCallRecord.RuleCaller, CreatedAt = at,
                });
            }

            if (step.Handoff is not null)
            {
                handoffAt = at;
            }

            await db.SaveChangesAsync();
        }

        // The stamping interceptor set "now"; the seed's own times are the point.
        await db.Conversations.Where(c => c.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CreatedAt, _started)
            .SetProperty(c => c.UpdatedAt, at)
            .SetProperty(c => c.HandoffAt, handoffAt)
            .SetProperty(c => c.ClosedAt, _closed ? at : null));
    }

    private sealed record Step(string? Question, string? Reply, AnswerMode Mode, int LatencyMs, int? TtftMs, double? Confidence, bool CacheLookup, bool CacheHit,
        string? Handoff, IReadOnlyList<(string Name, bool Succeeded)> Tools, IReadOnlyList<Citation> Citations, int? Rating);
}
