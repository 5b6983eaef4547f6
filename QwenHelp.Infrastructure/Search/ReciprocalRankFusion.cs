using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a passage scores
/// <c>Σ weight_r / (k + rank_r)</c> over the retrievers that found it. Ranks, not raw scores, are
/// fused, so bm25 and cosine never need to be made comparable; <c>k</c> damps the difference between
/// the first few ranks. Every passage keeps its provenance: which retriever, at what rank, with what raw score.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>
    /// The fused list, best first. Equal fused scores (first in one list and second in the other, and
    /// the reverse) are decided by the retrievers' own scores, each relative to its list's best
    /// (how close each passage came to the top in each list), then by first appearance.
    /// </summary>
    public static List<FusedPassage> Fuse(IReadOnlyList<RankedList> lists, double k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var fused = new Dictionary<PassageKey, (double Score, double Closeness, int Order, List<RetrieverHit> Hits)>();
        var order = 0;
        foreach (var list in lists)
        {
            var best = list.Hits.Count > 0 ? list.Hits[0].Score : 0;
            for (var i = 0; i < list.Hits.Count; i++)
            {
                var hit = list.Hits[i];
                var rank = i + 1;
                var contribution = list.Weight / (k + rank);
                var closeness = best > 0 ? list.Weight * hit.Score / best : 0;
                if (!fused.TryGetValue(hit.Key, out var entry))
                {
                    entry = (0, 0, order++, []);
                }

                entry.Hits.Add(new RetrieverHit(list.Retriever, rank, hit.RawScore));
                fused[hit.Key] = (entry.Score + contribution, entry.Closeness + closeness, entry.Order, entry.Hits);
            }
        }

        return fused
            .OrderByDescending(f => Math.Round(f.Value.Score, 12))
            .ThenByDescending(f => f.Value.Closeness)
            .ThenBy(f => f.Value.Order)
            .Select(f => new FusedPassage(f.Key, f.Value.Score, f.Value.Hits))
            .ToList();
    }

    /// <summary>The highest fused score possible: first in every list.</summary>
    public static double MaxScore(IEnumerable<RankedList> lists, double k) => lists.Sum(l => l.Weight / (k + 1));
}

/// <summary>One retriever's ranked hits and its weight in fusion.</summary>
public sealed record RankedList(string Retriever, double Weight, IReadOnlyList<ScoredPassage> Hits);

/// <summary>A passage after fusion: its fused score and how each retriever ranked it.</summary>
public sealed record FusedPassage(PassageKey Key, double Score, IReadOnlyList<RetrieverHit> Provenance);
