using System.Globalization;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Transcripts;

namespace QwenHelp.Web.Admin;

/// <summary>A conversation filter in a URL's query string, both ways: the page builds export links with it, the export endpoint reads them.</summary>
public static class ConversationFilterQuery
{
    public static string ToQuery(ConversationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parts = new List<string>();
        Add(parts, "from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(parts, "to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(parts, "q", string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text.Trim());
        Add(parts, "mode", filter.Mode?.ToString().ToLowerInvariant());
        Add(parts, "handedOff", filter.HandedOff is { } h ? (h ? "true" : "false") : null);
        Add(parts, "rating", filter.Rating?.ToString().ToLowerInvariant());
        Add(parts, "language", filter.Language);
        return string.Join('&', parts);
    }

    /// <summary>The widest range a filter takes: a day of room at either end of DateOnly, for time-zone and next-day arithmetic.</summary>
    public static readonly DateOnly EarliestDate = DateOnly.MinValue.AddDays(2);

    public static readonly DateOnly LatestDate = DateOnly.MaxValue.AddDays(-2);

    /// <returns>The filter, or the problem with the first bad parameter.</returns>
    public static (ConversationFilter? Filter, string? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        DateOnly? from = null, to = null;
        if (query["from"].ToString() is { Length: > 0 } f)
        {
            if (!DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return (null, "from must be a date like 2026-03-01.");
            }

            from = d < EarliestDate ? EarliestDate : d;
        }

        if (query["to"].ToString() is { Length: > 0 } t)
        {
            if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return (null, "to must be a date like 2026-03-31.");
            }

            // The filter reads "to" as "before the next day"; 9999-12-31 has none (it used to end the export mid-file).
            to = d > LatestDate ? LatestDate : d;
        }

        AnswerMode? mode = null;
        if (query["mode"].ToString() is { Length: > 0 } m)
        {
            if (!Enum.TryParse<AnswerMode>(m, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(m, out _))
            {
                return (null, $"mode must be one of: {string.Join(", ", Enum.GetNames<AnswerMode>().Select(n => n.ToLowerInvariant()))}.");
            }

            mode = parsed;
        }

        bool? handedOff = null;
        if (query["handedOff"].ToString() is { Length: > 0 } h)
        {
            if (!bool.TryParse(h, out var parsed))
            {
                return (null, "handedOff must be true or false.");
            }

            handedOff = parsed;
        }

        RatingFilter? rating = null;
        if (query["rating"].ToString() is { Length: > 0 } r)
        {
            if (!Enum.TryParse<RatingFilter>(r, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(r, out _))
            {
                return (null, "rating must be positive, negative or unrated.");
            }

            rating = parsed;
        }

        var language = query["language"].ToString();
        if (language.Length > 0 && !Languages.IsSupported(language))
        {
            return (null, $"language must be one of: {string.Join(", ", Languages.All)}.");
        }

        var text = query["q"].ToString();
        if (text.Length > ConversationFilter.MaxTextLength)
        {
            return (null, $"q is longer than {ConversationFilter.MaxTextLength} characters.");
        }

        return (new ConversationFilter(from, to, text.Length > 0 ? text : null, mode, handedOff, rating, language.Length > 0 ? language : null), null);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
