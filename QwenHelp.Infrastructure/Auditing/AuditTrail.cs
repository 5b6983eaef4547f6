using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Auditing;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Auditing;

/// <summary>Records who changed what and when; the admin portal shows it.</summary>
public sealed class AuditTrail(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    public const string SystemActor = "system";

    public async Task RecordAsync(string actor, string action, string target, string? details = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = string.IsNullOrWhiteSpace(actor) ? SystemActor : actor,
            Action = action,
            Target = target,
            Details = details is { Length: > 2000 } ? details[..2000] + "…" : details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int take = 500, string? actionPrefix = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrEmpty(actionPrefix))
        {
            query = query.Where(e => e.Action.StartsWith(actionPrefix));
        }

        return await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }
}
