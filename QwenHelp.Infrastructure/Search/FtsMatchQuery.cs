namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Builds FTS5 MATCH expressions from analyzed terms. Every term is a double-quoted string, so
/// nothing a customer types (quotes, <c>*</c>, <c>NEAR</c>, <c>AND</c>, parentheses, column
/// filters) is ever read as query syntax.
/// </summary>
public static class FtsMatchQuery
{
    /// <summary>Most distinct terms one query may use: bounds the work for a 10,000-character message.</summary>
    public const int MaxTerms = 64;

    /// <summary>An OR of the distinct terms, or null when there are none (nothing to search).</summary>
    public static string? AnyOf(IEnumerable<string> terms)
    {
        var quoted = terms.Distinct(StringComparer.Ordinal).Take(MaxTerms).Select(Quote).ToList();
        return quoted.Count == 0 ? null : string.Join(" OR ", quoted);
    }

    /// <summary>An FTS5 string literal: the text in double quotes, inner double quotes doubled.</summary>
    public static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
