using QwenHelp.Domain.Common;

namespace QwenHelp.Domain.Knowledge;

/// <summary>A longer text (a policy, a manual) that is split into chunks for retrieval.</summary>
public sealed class KnowledgeDocument : IAuditable
{
    public int Id { get; set; }

    /// <summary>A stable key (e.g. <c>returns-policy.en</c>) that survives re-imports.</summary>
    public string? Key { get; set; }

    public required string Title { get; set; }

    /// <summary>The source text as the admin wrote or uploaded it (Markdown or plain text).</summary>
    public required string Content { get; set; }

    public string ContentType { get; set; } = "text/markdown";

    public string Category { get; set; } = "general";

    public string Language { get; set; } = Languages.English;

    public bool Enabled { get; set; } = true;

    public List<KnowledgeChunk> Chunks { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
