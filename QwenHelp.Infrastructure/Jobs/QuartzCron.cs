using System.Globalization;
using System.Text.RegularExpressions;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>Turns a schedule saved for Quartz into the same schedule for Hangfire (Cronos), when one exists.</summary>
public static partial class QuartzCron
{
    /// <summary>
    /// The Hangfire cron that fires at the same times, or null. Quartz numbers the days of the week
    /// 1 (Sunday) to 7, Cronos 0 to 6; Quartz's optional 7th field (the year) has no equivalent unless it is "*".
    /// </summary>
    public static string? ToHangfire(string quartz)
    {
        var fields = JobCron.Normalize(quartz).Split(' ');
        if (fields.Length == 7 && fields[6] is "*" or "?")
        {
            fields = fields[..6];
        }

        if (fields.Length != 6)
        {
            return null;
        }

        // Day numbers only: not the week number after '#' nor a step after '/'.
        fields[5] = DayNumber().Replace(fields[5], m => (int.Parse(m.Value, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture));
        var text = string.Join(' ', fields);
        return JobCron.Check(text) is null ? text : null;
    }

    [GeneratedRegex(@"(?<![#/\d])\d+")]
    private static partial Regex DayNumber();
}
