using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>
/// Stored daily roll-ups (table <c>analytics_daily</c>, migration 0060): the result of
/// <see cref="AnalyticsService.ComputeDaysAsync"/> for days that are over, per time zone, so that the
/// dashboard reads a long range without scanning every message of it.
/// </summary>
public sealed class AnalyticsRollups(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stored days within the range (days never rolled up are absent).</summary>
    public async Task<Dictionary<DateOnly, DailyAggregate>> ReadAsync(DateOnly from, DateOnly to, string timeZone, CancellationToken cancellationToken)
    {
        var first = Key(from);
        var last = Key(to);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<StoredDay>($"""
            SELECT day AS Day, figures AS Figures FROM analytics_daily WHERE time_zone = {timeZone} AND day >= {first} AND day <= {last}
            """).ToListAsync(cancellationToken);
        var result = new Dictionary<DateOnly, DailyAggregate>();
        foreach (var row in rows)
        {
            if (JsonSerializer.Deserialize<DailyAggregate>(row.Figures, Json) is { } day && Key(day.Day) == row.Day)
            {
                result[day.Day] = day;
            }
        }

        return result;
    }

    /// <summary>Stores (or replaces) the days' figures.</summary>
    public async Task WriteAsync(IReadOnlyList<DailyAggregate> days, string timeZone, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var day in days)
        {
            var key = Key(day.Day);
            var figures = JsonSerializer.Serialize(day, Json);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO analytics_daily (day, time_zone, figures, computed_at) VALUES ({key}, {timeZone}, {figures}, {now})
                ON CONFLICT (day, time_zone) DO UPDATE SET figures = excluded.figures, computed_at = excluded.computed_at
                """, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record StoredDay(string Day, string Figures);
}
