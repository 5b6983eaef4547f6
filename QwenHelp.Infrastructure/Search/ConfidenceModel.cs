namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Turns the evidence for one passage into a confidence in 0..1 that it answers the question: a
/// logistic model over signals that mean the same thing for every query (unlike raw bm25 scores),
/// fitted on labelled queries by <c>eval retrieval --calibrate</c> so that a confidence of 0.8
/// is right about 80% of the time on them.
/// </summary>
public static class ConfidenceModel
{
    public static double Confidence(ConfidenceFeatures features, ConfidenceOptions weights)
    {
        if (!features.HasVector)
        {
            // No vector to compare (the embedder is down, or this passage waits for re-embedding): keyword evidence alone.
            return Sigmoid(weights.KeywordOnlyIntercept + (weights.KeywordOnlyCoverage * features.Coverage));
        }

        var z = weights.Intercept
            + (weights.Coverage * features.Coverage)
            + (weights.Similarity * features.Similarity)
            + (weights.Agreement * (features.Agreement ? 1 : 0))
            + (weights.Margin * features.Margin);
        return Sigmoid(z);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

/// <param name="Coverage">Share (0..1) of the query's topic terms found in the passage's question and alternate phrasings (an FAQ entry) or its heading and text (a chunk).</param>
/// <param name="Similarity">Cosine similarity of query and passage vectors (0 without vectors).</param>
/// <param name="Agreement">Both retrievers ranked the passage first.</param>
/// <param name="Margin">The passage's similarity lead over the most similar other passage found (0 when another is as similar).</param>
/// <param name="HasVector">Query and passage both had a vector: when not, only <paramref name="Coverage"/> counts.</param>
public readonly record struct ConfidenceFeatures(double Coverage, double Similarity, bool Agreement, double Margin, bool HasVector = true);
