namespace QwenHelp.Domain.Knowledge;

/// <summary>A knowledge document as it was after one edit (version 1: as it was added).</summary>
public sealed class KnowledgeDocumentVersion
{
    public long Id { get; set; }

    public int DocumentId { get; set; }

    /// <summary>1, 2, 3 … per document, in the order of the edits.</summary>
    public int Version { get; set; }

    public required string Title { get; set; }

    public required string Content { get; set; }

    public string Category { get; set; } = "general";

    public string Language { get; set; } = Languages.English;

    public string ContentType { get; set; } = "text/markdown";

    public DateTimeOffset CreatedAt { get; set; }
}
