using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Search;

/// <summary>How passages are found, ranked and fused. Bound from <c>QwenHelp:Retrieval</c>.</summary>
public sealed class RetrievalOptions
{
    public const string Section = "QwenHelp:Retrieval";

    /// <summary>Which retrievers answer: both fused (the default), or one alone (for comparison and diagnosis).</summary>
    public RetrievalMode Mode { get; set; } = RetrievalMode.Hybrid;

    /// <summary>Reciprocal rank fusion's k: larger flattens the difference between ranks.</summary>
    [Range(1, 1000)]
    public double RrfK { get; set; } = 60;

    /// <summary>The keyword retriever's weight in fusion; unset: the weight fitted for the serving embedder (<see cref="EmbedderCalibration"/>), 1 for others.</summary>
    [Range(0, 10)]
    public double? KeywordWeight { get; set; }

    /// <summary>The vector retriever's weight in fusion; unset: the weight fitted for the serving embedder (<see cref="EmbedderCalibration"/>), 1 for others.</summary>
    [Range(0, 10)]
    public double? VectorWeight { get; set; }

    /// <summary>How many passages each retriever contributes to fusion.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 50;

    /// <summary>A passage in another language than the customer's ranks by its score times this.</summary>
    [Range(0, 1)]
    public double OtherLanguageFactor { get; set; } = 0.8;

    /// <summary>Longest query text used, in characters: a 10,000-character message costs no more than this.</summary>
    [Range(16, 100_000)]
    public int MaxQueryCharacters { get; set; } = 1000;

    /// <summary>Most distinct terms a query searches with.</summary>
    [Range(1, 1024)]
    public int MaxQueryTerms { get; set; } = 64;

    /// <summary>The confidence (0..1, calibrated) the best FAQ entry needs to be answered directly.</summary>
    [Range(0, 1)]
    public double ConfidentFaqThreshold { get; set; } = 0.8;

    /// <summary>At start-up, passages without a vector of the configured embedder are embedded when there are at most this many; more are left to re-embedding.</summary>
    [Range(0, 10_000_000)]
    public int EmbedPendingOnStartLimit { get; set; } = 5000;

    public KeywordRankingOptions Keyword { get; set; } = new();

    public ConfidenceOptions Confidence { get; set; } = new();
}

public enum RetrievalMode
{
    Hybrid = 0,
    Keyword = 1,
    Vector = 2,
}

/// <summary>BM25 parameters and field weights of the keyword retriever.</summary>
public sealed class KeywordRankingOptions
{
    [Range(0.0, 10.0)]
    public double K1 { get; set; } = 1.2;

    [Range(0.0, 1.0)]
    public double B { get; set; } = 0.75;

    [Range(0.0, 100.0)]
    public float QuestionWeight { get; set; } = 3.0f;

    [Range(0.0, 100.0)]
    public float AlternatesWeight { get; set; } = 2.0f;

    [Range(0.0, 100.0)]
    public float AnswerWeight { get; set; } = 1.0f;

    [Range(0.0, 100.0)]
    public float HeadingWeight { get; set; } = 2.0f;

    [Range(0.0, 100.0)]
    public float TextWeight { get; set; } = 1.0f;
}

/// <summary>
/// The logistic model that turns retrieval evidence into a confidence (the probability that the
/// passage answers the question). The defaults were fitted with <c>eval retrieval --calibrate</c> on
/// the dev set with the built-in embedder (docs/benchmarks.md); another embedder scores similarity on
/// its own scale, so run the calibration again with it and put the printed values here.
/// </summary>
public sealed class ConfidenceOptions
{
    /// <summary>
    /// The embedder (model id) the similarity weights below were fitted for. With any other, confidence
    /// uses the keyword-only model until <c>eval retrieval --calibrate</c> has been run with it and its
    /// values (this id included) are set.
    /// </summary>
    public string CalibratedFor { get; set; } = "qwenhelp-hashing-v1-d512";

    public double Intercept { get; set; } = -1.376;

    /// <summary>Weight of the share of the query's topic terms the passage's question (or heading and text) contains.</summary>
    public double Coverage { get; set; } = 0.237;

    /// <summary>Weight of the cosine similarity between query and passage vectors.</summary>
    public double Similarity { get; set; } = 3.408;

    /// <summary>Weight of both retrievers ranking the passage first.</summary>
    public double Agreement { get; set; } = 1.754;

    /// <summary>Weight of the passage's similarity lead over the most similar other passage found.</summary>
    public double Margin { get; set; } = 1.091;

    /// <summary>Intercept of the keyword-only model, used when there is no vector to compare (embedder down, vectors stale).</summary>
    public double KeywordOnlyIntercept { get; set; } = -0.56;

    /// <summary>Weight of coverage in the keyword-only model.</summary>
    public double KeywordOnlyCoverage { get; set; } = 4.441;
}
