using Cronos;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Checks a cron schedule the way Hangfire will read it: 5 fields, or 6 with seconds first, in UTC
/// (Hangfire parses with Cronos and the same rule; a Quartz cron's 7th field, the year, has no equivalent).
/// </summary>
public static class JobCron
{
    public const int MaxLength = 200;

    /// <summary>Trims and collapses runs of white space.</summary>
    public static string Normalize(string? cron) => string.Join(' ', (cron ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Null when the expression is valid and fires at least once more; else why not, in words.</summary>
    public static string? Check(string? cron)
    {
        var text = Normalize(cron);
        if (text.Length == 0)
        {
            return "The schedule is empty; a cron has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. \"0 3 * * *\" (03:00 UTC daily).";
        }

        if (text.Length > MaxLength)
        {
            return $"The schedule is longer than {MaxLength} characters.";
        }

        CronExpression expression;
        try
        {
            expression = Parse(text);
        }
        catch (CronFormatException e)
        {
            return $"Not a valid cron (5 fields, or 6 with seconds first, e.g. \"0 3 * * *\" or \"0 30 2 * * *\"): {e.Message}";
        }

        return expression.GetNextOccurrence(DateTime.UtcNow) is null ? "This schedule never fires again." : null;
    }

    /// <summary>The next time the schedule fires after <paramref name="after"/>, or null.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        Parse(Normalize(cron)).GetNextOccurrence(after, TimeZoneInfo.Utc);

    /// <summary>Parses as Hangfire does: six fields mean seconds first.</summary>
    private static CronExpression Parse(string text)
    {
        var fields = text.Split(' ').Length;
        if (!text.StartsWith('@') && fields is not (5 or 6))
        {
            throw new CronFormatException($"The expression has {fields} fields; it needs 5, or 6 with seconds first.");
        }

        return CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }
}

/// <summary>Job keys are stable kebab-case names.</summary>
public static class JobKeys
{
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 64 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && key[0] != '-' && key[^1] != '-';
}
