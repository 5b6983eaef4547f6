using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// What a support agent does with handed-off conversations: see the queue, take one (only one
/// person can), reply into the customer's widget, hand it back to the assistant, or close it.
/// State moves go through the conversation store, so its rules and its live feed apply.
/// </summary>
public sealed class AgentDesk(IDbContextFactory<QwenHelpDbContext> dbFactory, ConversationStore store, TimeProvider clock)
{
    public const int MaxReplyLength = 4000;

    /// <summary>Conversations waiting for a person, the longest-waiting first.</summary>
    public Task<IReadOnlyList<DeskConversation>> WaitingAsync(CancellationToken cancellationToken = default) =>
        ListAsync(ConversationState.WaitingForAgent, null, cancellationToken);

    /// <summary>Conversations this agent has taken over.</summary>
    public Task<IReadOnlyList<DeskConversation>> TakenByAsync(string agent, CancellationToken cancellationToken = default) =>
        ListAsync(ConversationState.Agent, agent, cancellationToken);

    /// <returns>False when someone else took it first, or it no longer waits.</returns>
    public async Task<bool> TakeAsync(Guid conversationId, string agent, CancellationToken cancellationToken = default)
    {
        if (!await store.ChangeStateAsync(conversationId, ConversationState.Agent, cancellationToken))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var id = conversationId.ToString().ToUpperInvariant();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO agent_assignments (conversation_id, agent, taken_at) VALUES ({id}, {agent}, {now}) ON CONFLICT (conversation_id) DO UPDATE SET agent = excluded.agent, taken_at = excluded.taken_at",
            cancellationToken);
        return true;
    }

    /// <returns>The stored message id, or null with the reason the reply was refused.</returns>
    public async Task<(long? MessageId, string? Problem)> ReplyAsync(Guid conversationId, string agent, string? text, CancellationToken cancellationToken = default)
    {
        var check = ChatMessageRules.Check(text, MaxReplyLength);
        if (!check.IsValid)
        {
            return (null, check.Error == ChatErrorKind.MessageTooLong ? $"The reply is longer than {MaxReplyLength} characters." : "The reply is empty.");
        }

        if (await AssignedAgentAsync(conversationId, cancellationToken) != agent)
        {
            return (null, "Take the conversation over before replying.");
        }

        var id = await store.AddAgentMessageAsync(conversationId, check.Text!, cancellationToken);
        return id is null ? (null, "The conversation is no longer with a person.") : (id, null);
    }

    /// <summary>Gives the conversation back to the assistant.</summary>
    public Task<bool> HandBackAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        MoveAndReleaseAsync(conversationId, ConversationState.Bot, cancellationToken);

    public Task<bool> CloseAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        MoveAndReleaseAsync(conversationId, ConversationState.Closed, cancellationToken);

    public async Task<string?> AssignedAgentAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = conversationId.ToString().ToUpperInvariant();
        return await db.Database.SqlQuery<string>($"SELECT agent AS \"Value\" FROM agent_assignments WHERE conversation_id = {id}")
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<bool> MoveAndReleaseAsync(Guid conversationId, ConversationState to, CancellationToken cancellationToken)
    {
        if (!await store.ChangeStateAsync(conversationId, to, cancellationToken))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = conversationId.ToString().ToUpperInvariant();
        await db.Database.ExecuteSqlAsync($"DELETE FROM agent_assignments WHERE conversation_id = {id}", cancellationToken);
        return true;
    }

    private async Task<IReadOnlyList<DeskConversation>> ListAsync(ConversationState state, string? agent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Conversations.AsNoTracking()
            .Where(c => c.State == state)
            .OrderBy(c => c.HandoffAt ?? c.UpdatedAt)
            .Take(200)
            .Select(c => new
            {
                c.Id,
                c.Language,
                c.Channel,
                c.HandoffReason,
                c.HandoffAt,
                c.UpdatedAt,
                c.VisitorId,
                c.PinnedFacts,
                FirstCustomerMessage = db.Messages.Where(m => m.ConversationId == c.Id && m.Role == MessageRole.Customer).OrderBy(m => m.Id).Select(m => m.Text).FirstOrDefault(),
                LastCustomerMessage = db.Messages.Where(m => m.ConversationId == c.Id && m.Role == MessageRole.Customer).OrderByDescending(m => m.Id).Select(m => m.Text).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var assigned = agent is null
            ? []
            : (await db.Database.SqlQuery<string>($"SELECT conversation_id AS \"Value\" FROM agent_assignments WHERE agent = {agent}").ToListAsync(cancellationToken))
                .Select(Guid.Parse).ToHashSet();
        return rows
            .Where(r => agent is null || assigned.Contains(r.Id))
            .Select(r => new DeskConversation(r.Id, r.Language, r.Channel, r.HandoffReason, r.HandoffAt ?? r.UpdatedAt, r.LastCustomerMessage ?? "")
            {
                Customer = CustomerName(r.VisitorId, r.PinnedFacts),
                FirstCustomerMessage = r.FirstCustomerMessage ?? "",
            })
            .ToList();
    }

    /// <summary>
    /// Who the agent is talking to: the host site's signed-in customer id, else the name the customer
    /// gave in the chat, else nobody known (an anonymous visitor).
    /// </summary>
    internal static string? CustomerName(string visitorId, IReadOnlyList<PinnedFact> facts)
    {
        const string signedMarker = ":user:";
        var signed = visitorId.StartsWith("site:", StringComparison.Ordinal) ? visitorId.IndexOf(signedMarker, StringComparison.Ordinal) : -1;
        if (signed >= 0)
        {
            return visitorId[(signed + signedMarker.Length)..];
        }

        return facts.LastOrDefault(f => f.Kind == PinnedFactKinds.Name)?.Value;
    }
}

/// <summary>A conversation as the agent console lists it.</summary>
/// <param name="Since">When it was handed off (or last changed).</param>
public sealed record DeskConversation(Guid Id, string Language, string Channel, string? HandoffReason, DateTimeOffset Since, string LastCustomerMessage)
{
    /// <summary>The signed-in customer's id or the name they gave; null for an anonymous visitor.</summary>
    public string? Customer { get; init; }

    /// <summary>What the customer first asked: the reason they came, which "I want a person" does not tell.</summary>
    public string FirstCustomerMessage { get; init; } = "";
}
