using QwenHelp.Domain.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Domain.Prompting;

/// <summary>
/// Checks the citations of a generated answer against the passages retrieved for this turn:
/// a marker [n] must name a passage that was in the prompt, and a quoted span right before a marker
/// ("…" [n], 「…」[n]) must occur in that passage. Markers that fail are removed from the answer
/// and the turn is flagged, so the customer never sees a source the answer did not come from.
/// </summary>
public static partial class CitationChecker
{
    public static CitationCheckResult Check(string answer, IReadOnlyList<RetrievedPassage> passages)
    {
        try
        {
            return CheckCore(answer, passages);
        }
        catch (RegexMatchTimeoutException)
        {
            // Citations that cannot be checked are not shown.
            return new CitationCheckResult(StripMarkers().Replace(answer, ""), [], ["the citations could not be checked in time"]);
        }
    }

    private static CitationCheckResult CheckCore(string answer, IReadOnlyList<RetrievedPassage> passages)
    {
        var problems = new List<string>();
        var cited = new List<int>();
        var text = Marker().Replace(answer, match =>
        {
            var numbers = match.Groups["n"].Value.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
                .ToList();
            var quote = QuoteBefore(answer, match.Index);
            var kept = new List<int>();
            foreach (var number in numbers)
            {
                if (number < 1 || number > passages.Count)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"[{number}] names no passage of this turn"));
                    continue;
                }

                if (quote is not null && !Contains(passages[number - 1], quote))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"[{number}] does not contain the quoted text"));
                    continue;
                }

                kept.Add(number);
            }

            cited.AddRange(kept);
            return kept.Count == 0 ? "" : "[" + string.Join(", ", kept) + "]";
        });

        var citations = cited.Distinct()
            .Select(n => passages[n - 1])
            .Select(p => new Citation(p.Kind == PassageKind.Faq ? Citation.FaqKind : Citation.ChunkKind, p.SourceId, p.Title))
            .ToList();
        return new CitationCheckResult(problems.Count > 0 ? TidySpaces().Replace(text, "$1") : text, citations, problems);
    }

    /// <summary>The quoted span that ends right before <paramref name="markerIndex"/>, if any.</summary>
    private static string? QuoteBefore(string answer, int markerIndex)
    {
        var end = markerIndex;
        while (end > 0 && answer[end - 1] == ' ')
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        var close = answer[end - 1];
        var open = close switch
        {
            '"' => '"',
            '\u201D' => '\u201C',
            '」' => '「',
            '』' => '『',
            _ => '\0',
        };
        if (open == '\0')
        {
            return null;
        }

        var start = answer.LastIndexOf(open, end - 2 >= 0 ? end - 2 : 0);
        return start < 0 || end - 1 - (start + 1) < 2 ? null : answer[(start + 1)..(end - 1)];
    }

    private static bool Contains(RetrievedPassage passage, string quote)
    {
        var needle = Normalize(quote);
        return needle.Length == 0 || Normalize(passage.Text).Contains(needle, StringComparison.Ordinal) || Normalize(passage.Title).Contains(needle, StringComparison.Ordinal);
    }

    /// <summary>Case, width and whitespace do not make a quote wrong.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in UnicodeText.NormalizeKC(text))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"[\[【](?<n>\d{1,3}(?:\s*[,，]\s*\d{1,3})*)[\]】]", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex Marker();

    [GeneratedRegex(@"[\[【]\d{1,3}(?:\s*[,，]\s*\d{1,3})*[\]】]", RegexOptions.NonBacktracking)]
    private static partial Regex StripMarkers();

    [GeneratedRegex(@" +([.,;:!?。，；：！？])")]
    private static partial Regex TidySpaces();
}

/// <param name="Text">The answer with failed markers removed.</param>
/// <param name="Citations">The passages the answer validly cites, in order of first citation.</param>
/// <param name="Problems">What failed (empty when every citation checked out).</param>
public sealed record CitationCheckResult(string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Problems)
{
    public bool Flagged => Problems.Count > 0;
}
