using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Conversations in the database (history survives restarts) with the active ones in memory: the
/// conversation row and its messages newer than the running summary. A turn is written in one
/// transaction (both messages, the conversation's memory and state, metrics, tool calls) and the
/// memory copy replaced only after it commits. Turns of one conversation run one at a time; turns of
/// different conversations that finish together share one transaction (group commit, docs/decisions/0042).
/// </summary>
public sealed class ConversationStore : IDisposable
{
    /// <summary>Messages read back for an uncached conversation at most; older ones were summarized or are long past.</summary>
    private const int MaxLoadedMessages = 200;

    /// <summary>
    /// Conversations kept in memory at most. Beyond it the cache drops some (a dropped one is read back from
    /// the database at its next turn): a flood of one-message API conversations must not fill the heap
    /// for half an hour (bench chat made 70,000 in a minute, and the growing heap lengthened the GC pauses).
    /// </summary>
    private const int MaxActiveConversations = 10_000;

    private readonly IDbContextFactory<QwenHelpDbContext> _dbFactory;
    private readonly ConversationOptions _options;
    private readonly ConversationFeed _feed;
    private readonly TimeProvider _clock;
    private readonly MemoryCache _active = new(new MemoryCacheOptions { SizeLimit = MaxActiveConversations, CompactionPercentage = 0.2 });
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly GroupCommit<TurnRecord, SavedTurn> _turnWriter;

    public ConversationStore(IDbContextFactory<QwenHelpDbContext> dbFactory, IOptions<ConversationOptions> options, ConversationFeed feed, TimeProvider clock)
    {
        _dbFactory = dbFactory;
        _options = options.Value;
        _feed = feed;
        _clock = clock;
        _turnWriter = new GroupCommit<TurnRecord, SavedTurn>(WriteTurnsAsync);
    }

    /// <summary>Serializes the turns (and staff actions) of one conversation.</summary>
    public async Task<IDisposable> LockAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var gate = _locks[(conversationId.GetHashCode() & int.MaxValue) % _locks.Length];
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    public async Task<ActiveConversation?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(id, out ActiveConversation? cached) && cached is not null)
        {
            return cached;
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == id && m.Id > conversation.SummaryThrough)
            .OrderByDescending(m => m.Id)
            .Take(MaxLoadedMessages)
            .Select(m => new HistoryMessage(m.Id, m.Role, m.Text))
            .ToListAsync(cancellationToken);
        messages.Reverse();
        var active = new ActiveConversation(conversation, messages, isNew: false);
        Remember(active);
        return active;
    }

    /// <summary>A conversation that exists only in memory until its first turn is saved.</summary>
    /// <remarks>
    /// The id is time-ordered (UUID v7): new rows land at the end of the id indexes instead of on a
    /// random page of each, which multiplied the pages every commit wrote (docs/decisions/0067).
    /// </remarks>
    public static ActiveConversation CreateNew(string? visitorId, string channel, string language) => new(
        new Conversation
        {
            Id = Guid.CreateVersion7(),
            VisitorId = string.IsNullOrWhiteSpace(visitorId) ? "anonymous" : visitorId.Trim()[..Math.Min(visitorId.Trim().Length, 128)],
            Channel = channel,
            Language = language,
        },
        [],
        isNew: true);

    /// <summary>Stores one turn and returns the conversation as it is now.</summary>
    /// <remarks>
    /// Turns waiting at the same time are stored together in one transaction (group commit); each
    /// caller is answered after its turn committed. Once queued, a turn is stored even if its caller
    /// gives up, so the cancellation token is not passed on.
    /// </remarks>
    public async Task<(ActiveConversation Conversation, long CustomerMessageId, long ReplyMessageId)> SaveTurnAsync(TurnRecord turn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var saved = await _turnWriter.WriteAsync(turn);

        // After the commit, still before the reply is sent. Turns of one conversation run one at a time, so its news stays in order.
        var row = saved.Conversation.Conversation;
        _feed.Publish(new ConversationFeedItem(row.Id, row.State, turn.At, saved.CustomerMessageId, MessageRole.Customer, turn.CustomerText));
        _feed.Publish(new ConversationFeedItem(row.Id, row.State, turn.At, saved.ReplyMessageId, turn.ReplyRole, turn.ReplyText, saved.ReplyCitations));
        Remember(saved.Conversation);
        return (saved.Conversation, saved.CustomerMessageId, saved.ReplyMessageId);
    }

    /// <summary>Stores a batch of turns (of different conversations) in one transaction.</summary>
    private async Task<IReadOnlyList<SavedTurn>> WriteTurnsAsync(IReadOnlyList<TurnRecord> turns)
    {
        var rows = turns.Select(NextRow).ToList();
        var questions = new Message[turns.Count];
        var replies = new Message[turns.Count];
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < turns.Count; i++)
        {
            var (turn, row) = (turns[i], rows[i]);
            if (turn.Conversation.IsNew)
            {
                db.Conversations.Add(row);
            }
            else
            {
                db.Conversations.Attach(row);
                db.Entry(row).State = EntityState.Modified;
            }

            questions[i] = new Message { ConversationId = row.Id, Role = MessageRole.Customer, Text = turn.CustomerText, CreatedAt = turn.At };
            db.Messages.Add(questions[i]);
        }

        // Questions before replies: within a conversation the customer's message always has the lower id.
        await db.SaveChangesAsync();
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            replies[i] = new Message
            {
                ConversationId = rows[i].Id,
                Role = turn.ReplyRole,
                Text = turn.ReplyText,
                AnswerMode = turn.ReplyRole == MessageRole.Assistant ? turn.Metrics.AnswerMode : null,
                Citations = [.. turn.Citations],
                LatencyMs = turn.Metrics.LatencyMs,
                TokensIn = turn.Metrics.TokensIn,
                TokensOut = turn.Metrics.TokensOut,
                CreatedAt = turn.At,
            };
            db.Messages.Add(replies[i]);
        }

        await db.SaveChangesAsync();
        var saved = new SavedTurn[turns.Count];
        for (var i = 0; i < turns.Count; i++)
        {
            var (turn, row, question, reply) = (turns[i], rows[i], questions[i], replies[i]);

            // Facts found in the customer's message now know where they came from.
            row.PinnedFacts = row.PinnedFacts.Select(f => f.MessageId == 0 ? f with { MessageId = question.Id } : f).ToList();

            // Slide the window: what falls out of the last N turns is folded into the running summary.
            var history = turn.Conversation.History.Append(new HistoryMessage(question.Id, MessageRole.Customer, question.Text))
                .Append(new HistoryMessage(reply.Id, reply.Role, reply.Text)).ToList();
            var (older, recent) = HistoryWindow.Split(history, _options.HistoryTurns);
            if (older.Count > 0)
            {
                row.Summary = ExtractiveSummarizer.Fold(row.Summary, older, row.Language, _options.SummaryMaxCharacters);
                row.SummaryThrough = older[^1].Id;
            }

            turn.Metrics.MessageId = reply.Id;
            turn.Metrics.ConversationId = row.Id;
            turn.Metrics.CreatedAt = turn.At;
            db.TurnMetrics.Add(turn.Metrics);
            foreach (var call in turn.ToolCalls)
            {
                call.Id = 0; // a fresh id, also when this turn is tried again after a failed batch
                call.ConversationId = row.Id;
                call.MessageId = reply.Id;
                db.ToolCalls.Add(call);
            }

            if (turn.TicketIds.Count > 0)
            {
                await db.Tickets.Where(t => turn.TicketIds.Contains(t.Id) && t.ConversationId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConversationId, (Guid?)row.Id));
            }

            saved[i] = new SavedTurn(new ActiveConversation(row, recent, isNew: false), question.Id, reply.Id, reply.Citations);
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        // Nothing after the commit may throw: a failed batch is tried again turn by turn, which would store a committed turn twice.
        // Each caller publishes its own turn (SaveTurnAsync). The rows' message lists (filled by EF's fix-up) are not kept in memory.
        foreach (var row in rows)
        {
            row.Messages = [];
        }

        return saved;
    }

    /// <summary>The conversation row as the turn leaves it (a fresh copy: a failed batch must not leave changes behind).</summary>
    private static Conversation NextRow(TurnRecord turn)
    {
        var before = turn.Conversation.Conversation;
        var row = Copy(before);
        row.Language = turn.Language;
        row.State = turn.State;
        row.PinnedFacts = [.. turn.PinnedFacts];
        row.UnansweredStreak = turn.UnansweredStreak;
        if (turn.HandoffReason is not null)
        {
            row.HandoffReason = turn.HandoffReason;
            row.HandoffAt = turn.At;
        }

        if (before.State == ConversationState.Closed && turn.State != ConversationState.Closed)
        {
            row.ClosedAt = null;
        }

        return row;
    }

    /// <summary>Moves a conversation to another state (agent takes over, hands back, closes), if the rules allow it.</summary>
    /// <returns>False when there is no such conversation or the move is not allowed from its current state.</returns>
    public async Task<bool> ChangeStateAsync(Guid id, ConversationState to, CancellationToken cancellationToken = default)
    {
        using var gate = await LockAsync(id, cancellationToken);
        using var writing = await _turnWriter.ExclusiveAsync(cancellationToken);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null || !ConversationStateRules.CanMove(conversation.State, to))
        {
            return false;
        }

        conversation.State = to;
        conversation.ClosedAt = to == ConversationState.Closed ? _clock.GetUtcNow() : null;
        if (to == ConversationState.Bot)
        {
            conversation.UnansweredStreak = 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        _active.Remove(id);
        _feed.Publish(new ConversationFeedItem(id, to, _clock.GetUtcNow()));
        return true;
    }

    /// <summary>Stores a person's reply in a conversation they have taken over.</summary>
    /// <returns>The message id, or null when the conversation is not with an agent.</returns>
    public async Task<long?> AddAgentMessageAsync(Guid id, string text, CancellationToken cancellationToken = default)
    {
        using var gate = await LockAsync(id, cancellationToken);
        using var writing = await _turnWriter.ExclusiveAsync(cancellationToken);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null || conversation.State != ConversationState.Agent || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var message = new Message { ConversationId = id, Role = MessageRole.Agent, Text = text.Trim(), AnswerMode = AnswerMode.Agent, CreatedAt = _clock.GetUtcNow() };
        db.Messages.Add(message);
        db.Entry(conversation).State = EntityState.Modified;
        await db.SaveChangesAsync(cancellationToken);
        _active.Remove(id);
        _feed.Publish(new ConversationFeedItem(id, conversation.State, message.CreatedAt, message.Id, MessageRole.Agent, message.Text));
        return message.Id;
    }

    public void Forget(Guid id) => _active.Remove(id);

    public void Dispose()
    {
        _active.Dispose();
        _turnWriter.Dispose();
        foreach (var gate in _locks)
        {
            gate.Dispose();
        }
    }

    private void Remember(ActiveConversation conversation) =>
        _active.Set(conversation.Id, conversation, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(_options.ActiveConversationMinutes) });

    private static Conversation Copy(Conversation c) => new()
    {
        Id = c.Id,
        VisitorId = c.VisitorId,
        Channel = c.Channel,
        Language = c.Language,
        State = c.State,
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        ClosedAt = c.ClosedAt,
        Summary = c.Summary,
        SummaryThrough = c.SummaryThrough,
        PinnedFacts = [.. c.PinnedFacts],
        UnansweredStreak = c.UnansweredStreak,
        HandoffReason = c.HandoffReason,
        HandoffAt = c.HandoffAt,
    };

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}

/// <summary>A conversation as the engine works with it: the row, and the messages newer than its summary (oldest first).</summary>
public sealed class ActiveConversation(Conversation conversation, IReadOnlyList<HistoryMessage> history, bool isNew)
{
    public Guid Id => Conversation.Id;

    public Conversation Conversation { get; } = conversation;

    public IReadOnlyList<HistoryMessage> History { get; } = history;

    /// <summary>Not stored yet: its first turn creates it.</summary>
    public bool IsNew { get; } = isNew;
}

/// <summary>A stored turn: the conversation as it is now and the ids of the two messages.</summary>
internal sealed record SavedTurn(ActiveConversation Conversation, long CustomerMessageId, long ReplyMessageId, IReadOnlyList<Citation> ReplyCitations);

/// <summary>Everything one turn stores.</summary>
public sealed record TurnRecord(
    ActiveConversation Conversation,
    string CustomerText,
    MessageRole ReplyRole,
    string ReplyText,
    IReadOnlyList<Citation> Citations,
    string Language,
    ConversationState State,
    IReadOnlyList<PinnedFact> PinnedFacts,
    int UnansweredStreak,
    string? HandoffReason,
    TurnMetrics Metrics,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    IReadOnlyList<long> TicketIds,
    DateTimeOffset At);
