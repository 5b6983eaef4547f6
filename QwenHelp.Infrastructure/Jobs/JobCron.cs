using Quartz;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>Checks a cron schedule the way Quartz will read it (seconds first, UTC).</summary>
public static class JobCron
{
    public const int MaxLength = 200;

    /// <summary>Trims and collapses runs of white space.</summary>
    public static string Normalize(string? cron) => string.Join(' ', (cron ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Null when Quartz accepts the expression and it fires at least once more; else why not, in words.</summary>
    public static string? Check(string? cron)
    {
        var text = Normalize(cron);
        if (text.Length == 0)
        {
            return "The schedule is empty; a Quartz cron has 6 or 7 fields, seconds first, e.g. \"0 0 3 * * ?\" (03:00 UTC daily).";
        }

        if (text.Length > MaxLength)
        {
            return $"The schedule is longer than {MaxLength} characters.";
        }

        try
        {
            CronExpression.ValidateExpression(text);
        }
        catch (FormatException e)
        {
            return $"Not a valid Quartz cron (seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 3 * * ?\"): {e.Message}";
        }

        var expression = new CronExpression(text) { TimeZone = TimeZoneInfo.Utc };
        return expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null ? "This schedule never fires again." : null;
    }

    /// <summary>The next time the schedule fires after <paramref name="after"/>, or null.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        new CronExpression(cron) { TimeZone = TimeZoneInfo.Utc }.GetNextValidTimeAfter(after);
}

/// <summary>Job keys are stable kebab-case names.</summary>
public static class JobKeys
{
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 64 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && key[0] != '-' && key[^1] != '-';
}
