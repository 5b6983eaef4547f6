using System.Diagnostics;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;

namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// Measures retrieval on labelled queries: loads the FAQ file into an isolated engine, asks every
/// query in each mode, and reports hit@1, hit@5, MRR@10, query latency (P50/P99), and how often
/// and how rightly the confident-FAQ decision fires. Also collects the evidence behind each query's
/// best FAQ passage, for calibrating confidence.
/// </summary>
public sealed class RetrievalEvaluator(IsolatedRetrieval engine)
{
    /// <summary>Passages asked for per query (MRR is cut at 10).</summary>
    public const int Depth = 10;

    /// <summary>FAQ keys are the evaluation ids behind this prefix (a key is unique, as the ids must be).</summary>
    private const string KeyPrefix = "eval:";

    private readonly Dictionary<int, string> _evaluationIds = [];

    /// <summary>
    /// Loads the FAQ entries through the app's own import path (analyzer, embedder, both indexes, one
    /// transaction per 500 entries), each keyed by its evaluation id.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry was refused (the file reader checks the same rules first).</exception>
    public async Task LoadAsync(IReadOnlyList<EvaluationFaq> entries, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var faq = engine.Get<FaqService>();
        await engine.Get<KnowledgeIndex>().EnsureLoadedAsync(cancellationToken);
        var done = 0;
        foreach (var batch in entries.Chunk(500))
        {
            var report = await faq.ImportAsync(batch.Select(e => new FaqImportRow(e.Line, e.Input with { Key = KeyPrefix + e.Id })).ToList(), cancellationToken);
            if (report.Problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", report.Problems.Select(p => $"line {p.Line}: {p.Message}")));
            }

            done += batch.Length;
            progress?.Report(done);
        }

        foreach (var entry in await faq.ListAsync(cancellationToken))
        {
            if (entry.Key is { } key && key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                _evaluationIds[entry.Id] = key[KeyPrefix.Length..];
            }
        }
    }

    public async Task<ModeResult> EvaluateAsync(IReadOnlyList<EvaluationQuery> queries, RetrievalMode mode, CancellationToken cancellationToken)
    {
        var retriever = engine.Get<HybridKnowledgeRetriever>();
        foreach (var query in queries)
        {
            // Warm-up round, not timed: the first queries pay for JIT compilation and connection set-up.
            await retriever.SearchAsync(new RetrievalQuery(query.Query, LanguageDetector.Detect(query.Query), Depth), mode, cancellationToken);
        }

        var latencies = new List<double>(queries.Count);
        var outcomes = new List<QueryOutcome>(queries.Count);
        foreach (var query in queries)
        {
            var language = LanguageDetector.Detect(query.Query);
            var started = Stopwatch.GetTimestamp();
            var detailed = await retriever.SearchAsync(new RetrievalQuery(query.Query, language, Depth), mode, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var faqPassages = detailed.Result.Passages
                .Select((p, i) => (Passage: p, Evidence: detailed.Evidence[i]))
                .Where(x => x.Passage.Kind == PassageKind.Faq)
                .ToList();
            var rank = 0;
            for (var i = 0; i < faqPassages.Count; i++)
            {
                if (query.Gold.Contains(_evaluationIds.GetValueOrDefault(faqPassages[i].Passage.SourceId, "")))
                {
                    rank = i + 1;
                    break;
                }
            }

            var top = faqPassages.Count > 0 ? faqPassages[0] : default;
            outcomes.Add(new QueryOutcome(query, rank,
                top.Passage is null ? null : _evaluationIds.GetValueOrDefault(top.Passage.SourceId),
                top.Passage?.Confidence ?? 0, top.Evidence, top.Passage is not null, detailed.Result.ConfidentFaq is not null));
        }

        return ModeResult.From(mode, outcomes, latencies);
    }
}

/// <summary>How one query went.</summary>
/// <param name="Rank">1-based rank of the first correct FAQ entry; 0 when none was in the top 10.</param>
/// <param name="TopId">The evaluation id of the best FAQ passage, if any.</param>
/// <param name="Confidence">That passage's confidence.</param>
/// <param name="Evidence">What its confidence was computed from.</param>
/// <param name="HasTop">Any FAQ passage was returned.</param>
/// <param name="Confident">Retrieval would have answered directly with it.</param>
public sealed record QueryOutcome(EvaluationQuery Query, int Rank, string? TopId, double Confidence, ConfidenceFeatures Evidence, bool HasTop, bool Confident)
{
    public bool TopCorrect => Rank == 1;
}

/// <summary>The figures of one retrieval mode.</summary>
public sealed record ModeResult(
    RetrievalMode Mode,
    int Queries,
    double HitAt1,
    double HitAt5,
    double MrrAt10,
    double P50Milliseconds,
    double P99Milliseconds,
    double DirectRate,
    double DirectPrecision,
    IReadOnlyList<QueryOutcome> Outcomes)
{
    public static ModeResult From(RetrievalMode mode, IReadOnlyList<QueryOutcome> outcomes, List<double> latencies)
    {
        var n = Math.Max(1, outcomes.Count);
        var direct = outcomes.Where(o => o.Confident).ToList();
        return new ModeResult(
            mode,
            outcomes.Count,
            outcomes.Count(o => o.Rank == 1) / (double)n,
            outcomes.Count(o => o.Rank is >= 1 and <= 5) / (double)n,
            outcomes.Sum(o => o.Rank is >= 1 and <= 10 ? 1.0 / o.Rank : 0) / n,
            Percentile(latencies, 50),
            Percentile(latencies, 99),
            direct.Count / (double)n,
            direct.Count == 0 ? 0 : direct.Count(o => o.TopCorrect) / (double)direct.Count,
            outcomes);
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
