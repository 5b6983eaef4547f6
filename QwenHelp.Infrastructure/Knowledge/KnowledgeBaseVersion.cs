using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// A number that changes with every FAQ or document change. The answer cache keys on it, so an
/// edit invalidates every cached answer at once. Bumped inside the change's own transaction.
/// </summary>
public sealed class KnowledgeBaseVersion(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    private long _current;

    /// <summary>Raised after every bump (inside the change's transaction, before it commits: act on it a little later).</summary>
    public event Action? Bumped;

    /// <summary>The version in force; read from the database once, then kept up to date by <see cref="BumpAsync"/>.</summary>
    public async ValueTask<long> GetAsync(CancellationToken cancellationToken)
    {
        var current = Interlocked.Read(ref _current);
        if (current > 0)
        {
            return current;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Database.SqlQueryRaw<long>("SELECT version AS \"Value\" FROM knowledge_base_version WHERE id = 1").ToListAsync(cancellationToken);
        InterlockedMax(stored.Count > 0 ? stored[0] : 1);
        return Interlocked.Read(ref _current);
    }

    /// <summary>Call inside the transaction that changes the knowledge base.</summary>
    public async Task BumpAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        var version = await db.Database.SqlQueryRaw<long>("UPDATE knowledge_base_version SET version = version + 1 WHERE id = 1 RETURNING version AS \"Value\"")
            .ToListAsync(cancellationToken);
        // Were the transaction to roll back, the in-memory number is merely ahead: a cache miss, never a stale hit.
        InterlockedMax(version.Count > 0 ? version[0] : Interlocked.Read(ref _current) + 1);
        Bumped?.Invoke();
    }

    private void InterlockedMax(long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _current)) < value && Interlocked.CompareExchange(ref _current, value, seen) != seen)
        {
        }
    }
}
