using System.Text;
using System.Text.RegularExpressions;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// Splits a Markdown document into passages: one or more paragraphs under the same heading, up to
/// <see cref="MaxChunkCharacters"/>, each carrying its heading as context.
/// </summary>
/// <remarks>A first cut for the Foundation; the retrieval work replaces it with a token-bounded, sentence-aware chunker.</remarks>
public sealed partial class MarkdownSectionChunker
{
    public const int MaxChunkCharacters = 600;

    public IReadOnlyList<TextChunk> Split(string markdown)
    {
        var chunks = new List<TextChunk>();
        string? heading = null;
        var current = new StringBuilder();

        void Flush()
        {
            var text = current.ToString().Trim();
            if (text.Length > 0)
            {
                chunks.Add(new TextChunk(heading, text));
            }

            current.Clear();
        }

        foreach (var paragraph in ParagraphBreak().Split(markdown.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var block = paragraph.Trim();
            if (block.Length == 0)
            {
                continue;
            }

            var headingMatch = HeadingLine().Match(block);
            if (headingMatch.Success)
            {
                Flush();
                heading = headingMatch.Groups["title"].Value.Trim();
                block = block[headingMatch.Length..].Trim();
                if (block.Length == 0)
                {
                    continue;
                }
            }

            if (current.Length > 0 && current.Length + block.Length > MaxChunkCharacters)
            {
                Flush();
            }

            current.Append(block).Append("\n\n");
        }

        Flush();
        return chunks;
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>[^\n]+)\n?")]
    private static partial Regex HeadingLine();
}

/// <summary>A passage and the heading it sits under.</summary>
public sealed record TextChunk(string? Heading, string Text);
