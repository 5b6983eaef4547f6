using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// Splits a Markdown document into retrievable passages:
/// <list type="bullet">
/// <item>a chunk never spans two sections, and carries its section's heading path ("Returns › Fees") as context;</item>
/// <item>chunks end at sentence boundaries (。！？；.!? and line breaks), never inside a sentence unless one sentence alone is over the limit;</item>
/// <item>each chunk holds at most <see cref="ChunkingOptions.MaxTokens"/> tokens and repeats up to
/// <see cref="ChunkingOptions.OverlapTokens"/> tokens of whole sentences from the end of the previous one, so an
/// answer that straddles a boundary is still found whole in one of them.</item>
/// </list>
/// </summary>
public sealed partial class SentenceChunker(ITokenCounter tokens, IOptions<ChunkingOptions> options)
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "approx", "incl", "min", "max", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "p", "pp", "fig", "co", "ltd", "inc",
    };

    public IReadOnlyList<TextChunk> Split(string markdown)
    {
        var maxTokens = options.Value.MaxTokens;
        var overlapTokens = Math.Min(options.Value.OverlapTokens, maxTokens / 2);
        var chunks = new List<TextChunk>();
        var headings = new List<(int Level, string Title)>();
        var section = new List<Sentence>();

        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var heading = HeadingLine().Match(line);
            if (heading.Success)
            {
                Pack(section, HeadingPath(headings), maxTokens, overlapTokens, chunks);
                section.Clear();
                var level = heading.Groups["marks"].Value.Length;
                headings.RemoveAll(h => h.Level >= level);
                headings.Add((level, CleanInline(heading.Groups["title"].Value)));
                continue;
            }

            var text = CleanLine(line);
            if (text.Length == 0)
            {
                continue;
            }

            foreach (var sentence in SplitSentences(text))
            {
                section.Add(new Sentence(sentence, tokens.CountTokens(sentence)));
            }

            // The line break is a boundary: the last sentence of the line ends it.
            section[^1] = section[^1] with { EndsLine = true };
        }

        Pack(section, HeadingPath(headings), maxTokens, overlapTokens, chunks);
        return chunks;
    }

    /// <summary>Sentences of one line, each with its closing punctuation.</summary>
    public static IReadOnlyList<string> SplitSentences(string line)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var end = c switch
            {
                '。' or '！' or '？' or '；' or '!' or '?' => true,
                '.' => IsSentencePeriod(line, i),
                _ => false,
            };
            if (!end)
            {
                continue;
            }

            // Closing quotes and brackets belong to the sentence they close.
            while (i + 1 < line.Length && line[i + 1] is '"' or '\'' or '”' or '’' or '」' or '』' or ')' or '）' or '!' or '?' or '！' or '？')
            {
                i++;
            }

            var sentence = line[start..(i + 1)].Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }

            start = i + 1;
        }

        var rest = line[start..].Trim();
        if (rest.Length > 0)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    private void Pack(List<Sentence> section, string? heading, int maxTokens, int overlapTokens, List<TextChunk> chunks)
    {
        var pieces = new List<Sentence>();
        foreach (var sentence in section)
        {
            if (sentence.Tokens <= maxTokens)
            {
                pieces.Add(sentence);
            }
            else
            {
                pieces.AddRange(HardSplit(sentence, maxTokens));
            }
        }

        var current = new List<Sentence>();
        var currentTokens = 0;
        var fresh = 0; // sentences in the current chunk that are not overlap from the previous one
        foreach (var piece in pieces)
        {
            if (currentTokens + piece.Tokens > maxTokens && fresh > 0)
            {
                chunks.Add(Emit(current, heading));
                var overlap = new List<Sentence>();
                var overlapCount = 0;
                for (var i = current.Count - 1; i >= 0 && overlapCount + current[i].Tokens <= overlapTokens && overlapCount + current[i].Tokens + piece.Tokens <= maxTokens; i--)
                {
                    overlap.Insert(0, current[i]);
                    overlapCount += current[i].Tokens;
                }

                current = overlap;
                currentTokens = overlapCount;
                fresh = 0;
            }

            current.Add(piece);
            currentTokens += piece.Tokens;
            fresh++;
        }

        if (fresh > 0)
        {
            chunks.Add(Emit(current, heading));
        }
    }

    private TextChunk Emit(List<Sentence> sentences, string? heading)
    {
        var text = new StringBuilder();
        for (var i = 0; i < sentences.Count; i++)
        {
            text.Append(sentences[i].Text);
            if (i + 1 < sentences.Count)
            {
                text.Append(sentences[i].EndsLine ? "\n" : NeedsSpace(sentences[i].Text, sentences[i + 1].Text) ? " " : "");
            }
        }

        var value = text.ToString();
        return new TextChunk(heading, value, tokens.CountTokens(value));
    }

    /// <summary>A sentence over the limit, cut at spaces (or anywhere, for text without spaces) into pieces that fit.</summary>
    private IEnumerable<Sentence> HardSplit(Sentence sentence, int maxTokens)
    {
        var text = sentence.Text;
        var start = 0;
        while (start < text.Length)
        {
            var low = start + 1;
            var high = text.Length;
            // The longest prefix within the limit (token counts grow with length).
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (tokens.CountTokens(text[start..mid]) <= maxTokens)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            var end = low;
            if (end < text.Length)
            {
                var space = text.LastIndexOf(' ', end - 1, end - start);
                if (space > start)
                {
                    end = space + 1;
                }
            }

            var piece = text[start..end].Trim();
            if (piece.Length > 0)
            {
                yield return new Sentence(piece, tokens.CountTokens(piece), end >= text.Length && sentence.EndsLine);
            }

            start = end;
        }
    }

    private static bool IsSentencePeriod(string line, int i)
    {
        // "1.5", "www.example.com": no space after, no sentence end.
        if (i + 1 < line.Length && !char.IsWhiteSpace(line[i + 1]) && line[i + 1] is not ('"' or '\'' or '”' or '’' or ')'))
        {
            return false;
        }

        var wordStart = i;
        while (wordStart > 0 && (char.IsLetter(line[wordStart - 1]) || line[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = line[wordStart..i];
        // "No. 5" (but not "said no."), "e.g. this": an abbreviation; a single capital letter is an initial.
        var number = word.Equals("no", StringComparison.OrdinalIgnoreCase) && i + 2 < line.Length && char.IsDigit(line[i + 2]);
        return !number && !Abbreviations.Contains(word) && !(word.Length == 1 && char.IsUpper(word[0]));
    }

    private static bool NeedsSpace(string left, string right) =>
        left.Length > 0 && right.Length > 0 && !IsWide(left[^1]) && !IsWide(right[0]);

    private static bool IsWide(char c) => c >= 0x2E80;

    private static string? HeadingPath(List<(int Level, string Title)> headings) =>
        headings.Count == 0 ? null : string.Join(" › ", headings.Select(h => h.Title));

    /// <summary>A Markdown line as text: list marks, quote marks, table pipes and emphasis removed.</summary>
    private static string CleanLine(string line)
    {
        var text = line.Trim();
        if (TableSeparator().IsMatch(text))
        {
            return "";
        }

        if (text.StartsWith('|'))
        {
            text = string.Join(" | ", text.Trim('|').Split('|').Select(cell => cell.Trim()).Where(cell => cell.Length > 0));
        }

        text = ListMark().Replace(text, "");
        return CleanInline(text);
    }

    private static string CleanInline(string text)
    {
        text = Link().Replace(text, "${text}");
        text = Emphasis().Replace(text, "");
        return text.Trim();
    }

    private readonly record struct Sentence(string Text, int Tokens, bool EndsLine = false);

    [GeneratedRegex(@"^\s{0,3}(?<marks>#{1,6})\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^(>\s*)*([-*+]\s+|\d{1,3}[.)]\s+)?")]
    private static partial Regex ListMark();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|`)")]
    private static partial Regex Emphasis();
}

/// <summary>How documents are cut into passages. Bound from <c>QwenHelp:Knowledge:Chunking</c>.</summary>
public sealed class ChunkingOptions
{
    public const string Section = "QwenHelp:Knowledge:Chunking";

    /// <summary>Most tokens in one chunk (estimated, or counted by the loaded model's tokenizer).</summary>
    [System.ComponentModel.DataAnnotations.Range(16, 8192)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Tokens of whole sentences repeated from the end of the previous chunk (at most half of <see cref="MaxTokens"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 4096)]
    public int OverlapTokens { get; set; } = 40;
}

/// <summary>A passage, the heading path it sits under, and its size in tokens.</summary>
public sealed record TextChunk(string? Heading, string Text, int TokenCount = 0);
