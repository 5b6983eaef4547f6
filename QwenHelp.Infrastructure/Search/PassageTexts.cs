using Microsoft.Extensions.Options;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// What of an FAQ entry or a chunk each index sees: the analyzed keyword columns (as FTS5 stores
/// them: faq_fts(question, alternates, answer), chunk_fts(heading, text)) with their weights, and
/// the text the embedder reads.
/// </summary>
public sealed class PassageTexts(TextAnalyzer analyzer, IOptions<RetrievalOptions> options)
{
    public PassageContent ForFaq(FaqEntry entry)
    {
        var alternates = string.Join('\n', entry.AlternateQuestions);
        string[] columns = [analyzer.ToIndexText(entry.Question), analyzer.ToIndexText(alternates), analyzer.ToIndexText(entry.Answer)];
        // The vector compares questions with questions: an answer's many other words blur what the entry is
        // asked as (hit@1 of the vector retriever on the dev set: 0.60 with the answer, 0.66 without; the
        // answer stays searchable by keyword).
        var embedded = alternates.Length == 0 ? entry.Question : $"{entry.Question}\n{alternates}";
        return new PassageContent(PassageKind.Faq, columns, embedded, new PassageAttributes(entry.Language, entry.Enabled));
    }

    /// <summary>A chunk with its context: the document title and the section heading are searched with it.</summary>
    public PassageContent ForChunk(KnowledgeChunk chunk, KnowledgeDocument document)
    {
        var context = ChunkContext(document.Title, chunk.Heading);
        string[] columns = [analyzer.ToIndexText(context), analyzer.ToIndexText(chunk.Text)];
        return new PassageContent(PassageKind.Chunk, columns, $"{context}\n{chunk.Text}", new PassageAttributes(document.Language, document.Enabled));
    }

    /// <summary>"Returns Policy › 2. 7-day returns": what a chunk is about, as a customer would see it cited.</summary>
    public static string ChunkContext(string title, string? heading) =>
        string.IsNullOrWhiteSpace(heading) ? title
        : heading.StartsWith(title, StringComparison.OrdinalIgnoreCase) ? heading
        : $"{title} › {heading}";

    /// <summary>The keyword columns with their configured weights.</summary>
    public KeywordIndex.Field[] Fields(PassageKind kind, IReadOnlyList<string?> columns)
    {
        var weights = options.Value.Keyword;
        return kind == PassageKind.Faq
            ? [new(columns[0], weights.QuestionWeight), new(columns[1], weights.AlternatesWeight), new(columns[2], weights.AnswerWeight)]
            : [new(columns[0], weights.HeadingWeight), new(columns[1], weights.TextWeight)];
    }
}

/// <param name="Columns">Analyzed text per keyword column, in the FTS5 table's column order.</param>
/// <param name="EmbeddingText">What the embedder reads (before any passage prefix).</param>
public sealed record PassageContent(PassageKind Kind, IReadOnlyList<string> Columns, string EmbeddingText, PassageAttributes Attributes);
