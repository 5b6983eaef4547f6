namespace QwenHelp.Infrastructure.Analytics;

/// <summary>Calendar days of a time zone as UTC instants (the analytics and the conversation filters count by the same days).</summary>
public static class CalendarDays
{
    /// <summary>The first instant of a day in a zone, as UTC Unix milliseconds (a midnight skipped by daylight saving moves to the next valid time).</summary>
    public static long StartUtcMs(DateOnly day, TimeZoneInfo zone) => StartUtc(day, zone).ToUnixTimeMilliseconds();

    public static DateTimeOffset StartUtc(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>Today in a zone.</summary>
    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
}
