using System.Globalization;
using System.Text;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>The dashboard's daily figures as CSV: one row per day, then a <c>total</c> row.</summary>
public static class AnalyticsCsv
{
    public static string Write(AnalyticsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var modes = Enum.GetValues<AnswerMode>();
        var reasons = report.Totals.HandoffReasons.Keys.Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        var header = new List<string>
        {
            "day", "conversations", "handed_off", "resolved_automatically", "closed", "messages", "customer_messages",
            "agent_messages", "replies",
        };
        header.AddRange(modes.Select(m => "mode_" + m.ToString().ToLowerInvariant()));
        header.AddRange(reasons.Select(r => "handoff_" + Safe(r)));
        header.AddRange(["ratings_up", "ratings_down", "cache_lookups", "cache_hits", "tool_calls", "tool_calls_succeeded"]);
        csv.Append(string.Join(',', header)).Append('\n');

        foreach (var day in report.Days)
        {
            Row(csv, day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day, modes, reasons);
        }

        Row(csv, "total", report.Totals, modes, reasons);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string label, DailyAggregate day, AnswerMode[] modes, List<string> reasons)
    {
        var cells = new List<int>
        {
            day.Conversations, day.HandedOff, day.ResolvedAutomatically, day.Closed, day.Messages, day.CustomerMessages,
            day.AgentMessages, day.Replies,
        };
        cells.AddRange(modes.Select(day.Mode));
        cells.AddRange(reasons.Select(r => day.HandoffReasons.GetValueOrDefault(r)));
        cells.AddRange([day.RatingsUp, day.RatingsDown, day.CacheLookups, day.CacheHits, day.ToolCalls, day.ToolCallsSucceeded]);
        csv.Append(label);
        foreach (var cell in cells)
        {
            csv.Append(',').Append(cell.ToString(CultureInfo.InvariantCulture));
        }

        csv.Append('\n');
    }

    /// <summary>Reasons are engine constants, but a header must never carry a comma, quote or line break.</summary>
    private static string Safe(string reason) => new(reason.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
}
