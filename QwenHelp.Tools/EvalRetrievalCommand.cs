using System.Globalization;
using System.Text.Json;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Search.Evaluation;

namespace QwenHelp.Tools;

/// <summary>
/// <c>eval retrieval --faq F.jsonl --queries Q.jsonl [--mode keyword|vector|hybrid|all] [--calibrate]</c>:
/// builds an isolated index from the FAQ file (a temporary database; the app's own is never
/// touched), asks every query, and prints hit@1, hit@5, MRR@10 and query latency P50/P99 per mode,
/// as a table and as one JSON line. <c>--calibrate</c> also fits the confidence model to the
/// queries and prints the settings to use.
/// </summary>
public sealed class EvalRetrievalCommand : ICliCommand
{
    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "faq", "queries", "mode" };
    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "calibrate", "misses", "help" };

    public string Verb => "eval retrieval";

    public string Summary => "Measure retrieval quality: --faq F.jsonl --queries Q.jsonl [--mode keyword|vector|hybrid|all] [--calibrate] [--misses]";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args, Options, Flags, out var argumentError);
        var modes = new List<RetrievalMode>();
        if (argumentError is null && !arguments.Has("help"))
        {
            if (arguments.Get("faq") is null || arguments.Get("queries") is null)
            {
                argumentError = "Both --faq and --queries are required.";
            }
            else if (!TryParseModes(arguments.Get("mode") ?? "all", out modes))
            {
                argumentError = $"--mode must be keyword, vector, hybrid or all, not '{arguments.Get("mode")}'.";
            }
        }

        if (argumentError is not null || arguments.Has("help"))
        {
            if (argumentError is not null)
            {
                await errors.WriteLineAsync(argumentError);
            }

            await errors.WriteLineAsync("""
                Usage: eval retrieval --faq F.jsonl --queries Q.jsonl [--mode keyword|vector|hybrid|all] [--calibrate] [--misses]
                  F.jsonl: one FAQ entry per line: {"id":"…","question":"…","answer":"…"} (optional "alternates":[…], "language":"zh|en")
                  Q.jsonl: one query per line:     {"query":"…","gold":["id",…]}
                  --calibrate: fit the confidence model to these queries and print the settings; --misses: list the queries answered wrongly
                  Settings of the engine can be given as --QwenHelp:Section:Key=value (e.g. --QwenHelp:Embeddings:Provider=OpenAI).
                """);
            return argumentError is null ? 0 : 2;
        }

        var faqPath = CliArguments.ResolvePath(arguments.Get("faq")!);
        var queriesPath = CliArguments.ResolvePath(arguments.Get("queries")!);
        var faq = EvaluationFiles.ReadFaq(faqPath);
        var queries = EvaluationFiles.ReadQueries(queriesPath, faq.Items.Select(f => f.Id).ToHashSet(StringComparer.Ordinal));
        var problems = faq.Errors.Concat(queries.Errors).ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync(problem);
            }

            await errors.WriteLineAsync($"{problems.Count}{(problems.Count >= EvaluationFiles.MaxReportedErrors ? "+" : "")} problem(s) in the input; nothing was measured.");
            return 2;
        }

        foreach (var warning in faq.Warnings ?? [])
        {
            await errors.WriteLineAsync("warning: " + warning);
        }

        await using var engine = await IsolatedRetrieval.CreateAsync(arguments.Settings, null, cancellationToken);
        var evaluator = new RetrievalEvaluator(engine);
        await errors.WriteLineAsync($"Indexing {faq.Items.Count} FAQ entries in an isolated database…");
        await evaluator.LoadAsync(faq.Items, null, cancellationToken);
        var space = await engine.Get<PassageEmbedder>().GetSpaceAsync(cancellationToken);

        var results = new List<ModeResult>();
        foreach (var mode in modes)
        {
            results.Add(await evaluator.EvaluateAsync(queries.Items, mode, cancellationToken));
        }

        await output.WriteLineAsync($"eval retrieval: {faq.Items.Count} FAQ entries ({arguments.Get("faq")}), {queries.Items.Count} queries ({arguments.Get("queries")})");
        await output.WriteLineAsync($"embedder: {space}");
        await output.WriteLineAsync("mode      hit@1   hit@5   MRR@10  P50 ms  P99 ms  direct  direct-precision");
        foreach (var r in results)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Name(r.Mode),-9} {r.HitAt1,-7:0.000} {r.HitAt5,-7:0.000} {r.MrrAt10,-7:0.000} {r.P50Milliseconds,-7:0.00} {r.P99Milliseconds,-7:0.00} {r.DirectRate,-7:0.000} {r.DirectPrecision:0.000}"));
        }

        if (arguments.Has("misses"))
        {
            foreach (var r in results)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync($"{Name(r.Mode)}: queries whose best FAQ entry is not a gold one (line, rank of the first gold one or -, query → returned)");
                foreach (var miss in r.Outcomes.Where(o => !o.TopCorrect))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {miss.Query.Line,5} {(miss.Rank == 0 ? "-" : miss.Rank.ToString(CultureInfo.InvariantCulture)),2} {miss.Query.Query} → {miss.TopId ?? "(nothing)"} (gold {string.Join(", ", miss.Query.Gold)})"));
                }
            }
        }

        Dictionary<string, double>? calibration = null;
        if (arguments.Has("calibrate"))
        {
            // The full model on hybrid results; the keyword-only model (for when there are no vectors) on keyword results.
            var hybrid = results.FirstOrDefault(r => r.Mode == RetrievalMode.Hybrid) ?? await evaluator.EvaluateAsync(queries.Items, RetrievalMode.Hybrid, cancellationToken);
            var keyword = results.FirstOrDefault(r => r.Mode == RetrievalMode.Keyword) ?? await evaluator.EvaluateAsync(queries.Items, RetrievalMode.Keyword, cancellationToken);
            var hybridOutcomes = hybrid.Outcomes.ToList();
            var keywordOutcomes = keyword.Outcomes.ToList();
            if (faq.Items.Any(f => f.Input.AlternateQuestions is { Count: > 0 }))
            {
                // New entries seldom have alternate phrasings yet: calibrate on the entries without them too,
                // so that confidence holds for both.
                await using var plainEngine = await IsolatedRetrieval.CreateAsync(arguments.Settings, null, cancellationToken);
                var plain = new RetrievalEvaluator(plainEngine);
                await plain.LoadAsync(faq.Items.Select(f => f with { Input = f.Input with { AlternateQuestions = [] } }).ToList(), null, cancellationToken);
                hybridOutcomes.AddRange((await plain.EvaluateAsync(queries.Items, RetrievalMode.Hybrid, cancellationToken)).Outcomes);
                keywordOutcomes.AddRange((await plain.EvaluateAsync(queries.Items, RetrievalMode.Keyword, cancellationToken)).Outcomes);
            }

            calibration = await CalibrateAsync(hybridOutcomes, keywordOutcomes, space.ModelId, output);
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(new
        {
            command = "eval retrieval",
            faq = faq.Items.Count,
            queries = queries.Items.Count,
            embedder = space.ModelId,
            dimension = space.Dimension,
            results = results.Select(r => new
            {
                mode = Name(r.Mode),
                hit1 = Math.Round(r.HitAt1, 4),
                hit5 = Math.Round(r.HitAt5, 4),
                mrr10 = Math.Round(r.MrrAt10, 4),
                p50Ms = Math.Round(r.P50Milliseconds, 3),
                p99Ms = Math.Round(r.P99Milliseconds, 3),
                directRate = Math.Round(r.DirectRate, 4),
                directPrecision = Math.Round(r.DirectPrecision, 4),
            }),
            calibration,
        }));
        return 0;
    }

    private static async Task<Dictionary<string, double>> CalibrateAsync(IReadOnlyList<QueryOutcome> outcomes, IReadOnlyList<QueryOutcome> keywordOutcomes, string modelId, TextWriter output)
    {
        // Fitted for this embedder: its similarity counts (also where the current settings, made for another, ignore it).
        var samples = outcomes.Where(o => o.HasTop).Select(o => (Evidence: o.Evidence with { HasVector = true }, o.TopCorrect)).ToList();
        var fitted = ConfidenceCalibration.Fit(samples);
        var keywordOnly = ConfidenceCalibration.Fit(keywordOutcomes.Where(o => o.HasTop)
            .Select(o => (new ConfidenceFeatures(o.Evidence.Coverage, 0, false, 0), o.TopCorrect)).ToList());
        var before = outcomes.Where(o => o.HasTop).Select(o => (o.Confidence, o.TopCorrect)).ToList();
        var after = samples.Select(s => (ConfidenceModel.Confidence(s.Evidence, fitted), s.TopCorrect)).ToList();

        await output.WriteLineAsync();
        await output.WriteLineAsync($"calibration on the hybrid results ({samples.Count} answers with an FAQ passage, entries with and without alternate phrasings):");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Brier score: {ConfidenceCalibration.BrierScore(before):0.0000} with the current settings, {ConfidenceCalibration.BrierScore(after):0.0000} fitted"));
        await output.WriteLineAsync("  confidence   current settings: answers  mean  right   fitted: answers  mean  right");
        foreach (var (current, fit) in ConfidenceCalibration.Reliability(before).Zip(ConfidenceCalibration.Reliability(after)))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {current.From:0.0}–{current.To:0.0}                      {current.Count,7}  {current.MeanConfidence:0.00}  {current.Accuracy:0.00}           {fit.Count,7}  {fit.MeanConfidence:0.00}  {fit.Accuracy:0.00}"));
        }

        await output.WriteLineAsync("  threshold   current: direct  precision   fitted: direct  precision");
        foreach (var threshold in new[] { 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            var (currentRate, currentPrecision) = Direct(before, threshold);
            var (fittedRate, fittedPrecision) = Direct(after, threshold);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {threshold,9:0.0}            {currentRate,6:0.000}  {currentPrecision,9:0.000}           {fittedRate,6:0.000}  {fittedPrecision,9:0.000}"));
        }

        var settings = new Dictionary<string, double>
        {
            ["Intercept"] = fitted.Intercept,
            ["Coverage"] = fitted.Coverage,
            ["Similarity"] = fitted.Similarity,
            ["Agreement"] = fitted.Agreement,
            ["Margin"] = fitted.Margin,
            ["KeywordOnlyIntercept"] = keywordOnly.Intercept,
            ["KeywordOnlyCoverage"] = keywordOnly.Coverage,
        };
        await output.WriteLineAsync("  settings (appsettings.json QwenHelp:Retrieval:Confidence):");
        await output.WriteLineAsync("  " + JsonSerializer.Serialize(new Dictionary<string, object>(settings.Select(s => KeyValuePair.Create(s.Key, (object)s.Value)))
        {
            ["CalibratedFor"] = modelId,
        }));
        return settings;
    }

    /// <summary>The share of answers at or above the threshold, and how many of those were right.</summary>
    private static (double Rate, double Precision) Direct(List<(double Confidence, bool Correct)> predictions, double threshold)
    {
        var direct = predictions.Where(p => p.Confidence >= threshold).ToList();
        return (direct.Count / (double)Math.Max(1, predictions.Count), direct.Count == 0 ? 0 : direct.Count(d => d.Correct) / (double)direct.Count);
    }

    private static bool TryParseModes(string value, out List<RetrievalMode> modes)
    {
        modes = value.ToLowerInvariant() switch
        {
            "all" => [RetrievalMode.Keyword, RetrievalMode.Vector, RetrievalMode.Hybrid],
            "keyword" => [RetrievalMode.Keyword],
            "vector" => [RetrievalMode.Vector],
            "hybrid" => [RetrievalMode.Hybrid],
            _ => [],
        };
        return modes.Count > 0;
    }

    private static string Name(RetrievalMode mode) => mode.ToString().ToLowerInvariant();
}
