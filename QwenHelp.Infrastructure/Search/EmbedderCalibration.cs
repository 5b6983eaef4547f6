namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// The fusion weights and the confidence model for the embedder whose vectors answer queries
/// (docs/decisions/0133). Each embedder scores similarity on its own scale and is better or worse
/// than keyword search on its own, so both are fitted per embedder: the operator's fitted values when
/// <see cref="ConfidenceOptions.CalibratedFor"/> names the serving embedder, else the values fitted on
/// the dev set for the embedders the app ships with, else none (equal weights, confidence on keyword
/// evidence alone).
/// </summary>
/// <param name="Calibrated">The similarity weights were fitted for this embedder; when false only keyword evidence counts.</param>
/// <param name="DirectThreshold">The confidence the best FAQ entry needs to be answered directly.</param>
public sealed record EmbedderCalibration(double KeywordWeight, double VectorWeight, ConfidenceOptions Confidence, bool Calibrated, double DirectThreshold)
{
    /// <summary>The app's default embedder: all-MiniLM-L6-v2 for English, the built-in one (512 dimensions) for Chinese.</summary>
    public const string ShippedDefault = "en=all-MiniLM-L6-v2;zh=qwenhelp-hashing-v1-d512";

    /// <summary>
    /// Fitted with <c>eval retrieval --calibrate</c> on eval/devset (queries.jsonl, never the held-out set)
    /// with the default embedder; docs/benchmarks.md has the run. The direct threshold is the lowest
    /// at which direct answers were at least 95 % right on that set's entries without alternate phrasings.
    /// </summary>
    private static readonly Dictionary<string, (double Keyword, double Vector, double Threshold, ConfidenceOptions Confidence)> Shipped = new(StringComparer.Ordinal)
    {
        [ShippedDefault] = (1.0, 1.0, 0.8, new ConfidenceOptions
        {
            CalibratedFor = ShippedDefault,
            Intercept = -0.945,
            Coverage = 0.408,
            Similarity = 2.067,
            Agreement = 1.242,
            Margin = 6.944,
        }),
    };

    /// <summary>The calibration for the embedder of <paramref name="modelId"/> (null: no vectors serve).</summary>
    public static EmbedderCalibration For(string? modelId, RetrievalOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var configured = settings.Confidence;
        var keywordWeight = settings.KeywordWeight;
        var vectorWeight = settings.VectorWeight;
        if (modelId is not null && !string.Equals(modelId, configured.CalibratedFor, StringComparison.Ordinal)
            && Shipped.TryGetValue(modelId, out var shipped))
        {
            var confidence = new ConfidenceOptions
            {
                CalibratedFor = modelId,
                Intercept = shipped.Confidence.Intercept,
                Coverage = shipped.Confidence.Coverage,
                Similarity = shipped.Confidence.Similarity,
                Agreement = shipped.Confidence.Agreement,
                Margin = shipped.Confidence.Margin,
                KeywordOnlyIntercept = configured.KeywordOnlyIntercept,
                KeywordOnlyCoverage = configured.KeywordOnlyCoverage,
            };
            return new EmbedderCalibration(keywordWeight ?? shipped.Keyword, vectorWeight ?? shipped.Vector, confidence, Calibrated: true,
                Math.Max(settings.ConfidentFaqThreshold, shipped.Threshold));
        }

        var calibrated = modelId is not null && string.Equals(modelId, configured.CalibratedFor, StringComparison.Ordinal);
        return new EmbedderCalibration(keywordWeight ?? 1.0, vectorWeight ?? 1.0, configured, calibrated, settings.ConfidentFaqThreshold);
    }
}
