using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Infrastructure.Search;

/// <summary>Which passage: an FAQ entry or a knowledge chunk, by its row id.</summary>
public readonly record struct PassageKey(PassageKind Kind, int Id)
{
    public static PassageKey Faq(int id) => new(PassageKind.Faq, id);

    public static PassageKey Chunk(int id) => new(PassageKind.Chunk, id);

    public override string ToString() => $"{(Kind == PassageKind.Faq ? "faq" : "chunk")}:{Id}";
}

/// <summary>A passage one retriever found: its key, its rank-defining score and the retriever's own raw score.</summary>
/// <param name="Score">What the retriever ranked by (the raw score, lowered for passages in another language).</param>
/// <param name="RawScore">The retriever's own score: bm25 or cosine similarity.</param>
public readonly record struct ScoredPassage(PassageKey Key, double Score, double RawScore);

/// <summary>The passage attributes a retriever filters and ranks by, kept in memory beside its index.</summary>
/// <param name="Language">zh, en, or another tag.</param>
/// <param name="Enabled">False for a disabled FAQ entry or a chunk of a disabled document: indexed, never returned.</param>
public readonly record struct PassageAttributes(string Language, bool Enabled);
