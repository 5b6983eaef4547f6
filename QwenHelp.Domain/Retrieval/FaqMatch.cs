namespace QwenHelp.Domain.Retrieval;

/// <summary>An FAQ entry found for a query, best first.</summary>
/// <param name="Score">The retriever's relevance score; higher is better; comparable only within one query.</param>
/// <param name="Coverage">
/// The share of the query's terms that occur in the entry's question or alternate phrasings (0..1).
/// Unlike <paramref name="Score"/> it means the same thing for every query, so confidence is decided on it.
/// </param>
public sealed record FaqMatch(int FaqId, string Question, string Answer, string Language, double Score, double Coverage);
