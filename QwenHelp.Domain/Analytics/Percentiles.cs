namespace QwenHelp.Domain.Analytics;

/// <summary>Latency percentiles by the nearest-rank method: P is the smallest value with at least P% of the values at or below it.</summary>
public static class Percentiles
{
    /// <param name="sorted">The values in ascending order.</param>
    /// <param name="percent">0 &lt; percent ≤ 100.</param>
    /// <returns>Null when there are no values.</returns>
    public static int? NearestRank(IReadOnlyList<int> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
