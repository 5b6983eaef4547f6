namespace QwenHelp.Domain.Knowledge;

/// <summary>One retrievable passage of a <see cref="KnowledgeDocument"/>.</summary>
public sealed class KnowledgeChunk
{
    public int Id { get; set; }

    public int DocumentId { get; set; }

    public KnowledgeDocument? Document { get; set; }

    /// <summary>Position of the chunk in its document, from 0.</summary>
    public int Ordinal { get; set; }

    /// <summary>The section heading the chunk sits under, carried as context.</summary>
    public string? Heading { get; set; }

    public required string Text { get; set; }

    public int TokenCount { get; set; }
}
