using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>Opens and lists support tickets (the admin issue builds the screens on it).</summary>
public sealed class TicketService(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    public const int MaxSummaryLength = 2000;
    public const int MaxContactLength = 200;

    public async Task<Ticket> CreateAsync(Guid? conversationId, string summary, string contact, CancellationToken cancellationToken)
    {
        var ticket = new Ticket
        {
            ConversationId = conversationId,
            Summary = summary.Trim()[..Math.Min(summary.Trim().Length, MaxSummaryLength)],
            Contact = contact.Trim()[..Math.Min(contact.Trim().Length, MaxContactLength)],
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(cancellationToken);
        return ticket;
    }

    public async Task<List<Ticket>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => t.Status == Ticket.Open).OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }
}
