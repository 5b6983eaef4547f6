using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// How many days conversations stay in the live database before the archiving job moves them to
/// archive files: one JSON value under its own key (<c>archive.retention</c>) of <c>engine_settings</c>,
/// editable by admins; every change is recorded in the audit trail.
/// </summary>
public sealed class RetentionSettingsService(IDbContextFactory<QwenHelpDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public const string Key = "archive.retention";
    public const int DefaultDays = 30;
    public const int MinDays = 1;
    public const int MaxDays = 3650;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stored retention, or <see cref="DefaultDays"/> when none (or a broken one) is stored.</summary>
    public async Task<int> GetDaysAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = (await db.Database.SqlQuery<string>($"SELECT value AS \"Value\" FROM engine_settings WHERE key = {Key}").ToListAsync(cancellationToken)).FirstOrDefault();
        if (json is null)
        {
            return DefaultDays;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<RetentionSettings>(json, Json);
            // A hand-edited, out-of-range row must not archive everything at once: the default holds until an admin saves.
            return stored is not null && Validate(stored.RetentionDays) is null ? stored.RetentionDays : DefaultDays;
        }
        catch (JsonException)
        {
            return DefaultDays;
        }
    }

    /// <summary>Why <paramref name="days"/> cannot be the retention period, or null when it can.</summary>
    public static string? Validate(int days) => days is < MinDays or > MaxDays
        ? string.Create(CultureInfo.InvariantCulture, $"Retention must be between {MinDays} and {MaxDays} days (got {days}).")
        : null;

    /// <returns>The problem (nothing saved), or null when saved and audited.</returns>
    public async Task<string?> SaveAsync(int days, string actor, CancellationToken cancellationToken = default)
    {
        if (Validate(days) is { } problem)
        {
            return problem;
        }

        var before = await GetDaysAsync(cancellationToken);
        var json = JsonSerializer.Serialize(new RetentionSettings(days), Json);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO engine_settings (key, value, updated_at) VALUES ({Key}, {json}, {now}) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                cancellationToken);
        }

        await audit.RecordAsync(actor, "archive.retention.update", "settings:" + Key,
            string.Create(CultureInfo.InvariantCulture, $"retention {before} -> {days} days"), cancellationToken);
        return null;
    }

    private sealed record RetentionSettings(int RetentionDays);
}
