namespace QwenHelp.Infrastructure.Persistence.Tables;

// Rows of tables that the search code reads and writes with SQL of its own (Search/, Vectors/).
// They are mapped so that each provider's migrations create them; times are Unix milliseconds.

/// <summary>What a search index was built with (<c>search_index_state</c>; see Search/SearchIndexState.cs).</summary>
public sealed class SearchIndexStateRow
{
    public required string Name { get; set; }

    public required string Value { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>One embedding per passage and model (<c>passage_vectors</c>; see Vectors/VectorStore.cs).</summary>
public sealed class PassageVectorRow
{
    /// <summary>0 FAQ entry, 1 knowledge chunk.</summary>
    public int Kind { get; set; }

    /// <summary>faq_entries.id or knowledge_chunks.id.</summary>
    public long SourceId { get; set; }

    public required string ModelId { get; set; }

    public int Dimension { get; set; }

    /// <summary>Dimension float32 values, little-endian, L2-normalized.</summary>
    public required byte[] Vector { get; set; }

    /// <summary>SHA-256 of the text that was embedded: unchanged text is not embedded again.</summary>
    public required string ContentHash { get; set; }

    public long CreatedAt { get; set; }
}
