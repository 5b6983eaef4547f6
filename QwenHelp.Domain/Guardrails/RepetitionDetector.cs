namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Spots degenerate output: the end of the text is one stretch repeated over and over ("I can help
/// you. I can help you. I can help you. …" or "哈哈哈哈…" for lines). Checked after every delta;
/// a mismatch is usually found at the first comparison, so the cost per check is tiny.
/// </summary>
public static class RepetitionDetector
{
    /// <summary>Periods (repeated stretches) up to this many characters are looked for.</summary>
    public const int MaxPeriod = 200;

    /// <summary>The repeated run must span at least this many characters…</summary>
    public const int MinSpan = 48;

    /// <summary>…and hold at least this many copies of the stretch.</summary>
    public const int MinCopies = 3;

    /// <summary>
    /// Returns the length to cut the text to (keeping one copy of the repeated stretch), or -1 when
    /// the end of the text is not degenerate.
    /// </summary>
    public static int FindCut(ReadOnlySpan<char> text)
    {
        var n = text.Length;
        for (var period = 1; period <= MaxPeriod && period * MinCopies <= n; period++)
        {
            // Length of the periodic run at the end: text[j] == text[j - period] going backwards.
            var span = period;
            var j = n - 1;
            while (j - period >= 0 && text[j] == text[j - period])
            {
                span++;
                j--;
            }

            if (span >= Math.Max(MinSpan, period * MinCopies))
            {
                return n - span + period;
            }
        }

        return -1;
    }
}
