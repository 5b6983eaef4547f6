namespace QwenHelp.Domain.Retrieval;

/// <summary>
/// Finds the passages (FAQ entries and knowledge-document chunks) that answer a customer's
/// question, fused into one ranked list, and says whether one FAQ entry answers it confidently.
/// The conversation engine depends on this port only, never on a concrete index.
/// </summary>
public interface IKnowledgeRetriever
{
    /// <summary>Any text is safe to pass: nothing in it is read as query syntax. Empty text gives an empty result.</summary>
    Task<RetrievalResult> RetrieveAsync(RetrievalQuery query, CancellationToken cancellationToken);
}

/// <param name="Text">The customer's question.</param>
/// <param name="Language">The customer's language (<c>zh</c>/<c>en</c>); passages in it rank above equally good ones in the other.</param>
/// <param name="Limit">How many passages to return at most.</param>
public sealed record RetrievalQuery(string Text, string Language, int Limit = 8);

/// <param name="Passages">Best first.</param>
/// <param name="ConfidentFaq">The FAQ passage that answers the question on its own, when retrieval is sure of it; null otherwise.</param>
public sealed record RetrievalResult(IReadOnlyList<RetrievedPassage> Passages, RetrievedPassage? ConfidentFaq)
{
    public static RetrievalResult Empty { get; } = new([], null);
}

/// <summary>One passage and how it was found.</summary>
/// <param name="Kind">An FAQ entry or a document chunk.</param>
/// <param name="SourceId">The FAQ entry id or the chunk id.</param>
/// <param name="Title">What a customer sees as the source: the FAQ question, or the document title (and section).</param>
/// <param name="Text">The passage: the FAQ answer, or the chunk text.</param>
/// <param name="Score">The fused score, higher is better, comparable within one result.</param>
/// <param name="Confidence">0..1: how sure retrieval is that this passage answers the question (calibrated, comparable across queries).</param>
/// <param name="Provenance">Which retrievers found it, at what rank and raw score.</param>
public sealed record RetrievedPassage(
    PassageKind Kind,
    int SourceId,
    string Title,
    string Text,
    string Language,
    double Score,
    double Confidence,
    IReadOnlyList<RetrieverHit> Provenance);

public enum PassageKind
{
    Faq = 0,
    Chunk = 1,
}

/// <param name="Retriever">E.g. <c>keyword</c> or <c>vector</c>.</param>
/// <param name="Rank">1-based rank in that retriever's own list.</param>
/// <param name="RawScore">That retriever's own score (bm25, cosine, …).</param>
public sealed record RetrieverHit(string Retriever, int Rank, double RawScore);
