using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.ApiAccess;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.ApiAccess;

/// <summary>
/// API keys for integrators: created by admins (the key is shown once), stored as SHA-256 hashes,
/// checked on every API call, revoked at once.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    public const string KeyPrefix = "qh_";

    /// <summary>Last-used times are written at most this often per key, not on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string? createdBy, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new ArgumentException("The key needs a name of at most 100 characters.", nameof(name));
        }

        var secret = KeyPrefix + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        var key = new ApiKey { Name = name.Trim(), Prefix = secret[..10], Hash = HashOf(secret), CreatedAt = clock.GetUtcNow(), CreatedBy = createdBy };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.Database.ExecuteSqlAsync($"UPDATE api_keys SET revoked_at = {now} WHERE id = {id} AND revoked_at IS NULL", cancellationToken) > 0;
    }

    /// <summary>The active key this secret belongs to, or null (unknown, malformed or revoked).</summary>
    public async Task<ApiKey?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = HashOf(secret);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return key;
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
