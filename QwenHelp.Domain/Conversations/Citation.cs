namespace QwenHelp.Domain.Conversations;

/// <summary>A source an answer is based on: an FAQ entry or a knowledge chunk.</summary>
/// <param name="Kind"><c>faq</c> or <c>chunk</c>.</param>
/// <param name="SourceId">The FAQ entry or chunk id.</param>
/// <param name="Title">What the customer sees: the FAQ question or the document title.</param>
public sealed record Citation(string Kind, int SourceId, string Title)
{
    public const string FaqKind = "faq";
    public const string ChunkKind = "chunk";
}
