using System.Globalization;
using System.Text;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Splits mixed Chinese/English text into search terms, the same way for indexing and for queries:
/// full-width forms folded to half-width and lower-cased (NFKC + invariant lower case), CJK runs as
/// overlapping bigrams (as Lucene's CJKAnalyzer does, so no dictionary is needed), letter/digit runs
/// as whole words (order numbers like LM20260001234 stay one term), everything else a separator.
/// </summary>
public sealed class TextAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English function words that occur in most questions and say nothing about the topic.
        "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was", "be",
        "do", "does", "did", "can", "could", "would", "should", "will", "how", "what", "when", "where", "why",
        "which", "who", "to", "of", "in", "on", "for", "at", "by", "with", "and", "or", "if", "this", "that",
        "there", "have", "has", "get", "please", "hi", "hello", "any", "about", "from", "so", "just",
        // Chinese bigrams of question words and courtesy.
        "如何", "怎么", "怎样", "什么", "我的", "可以", "请问", "你好", "您好", "一下", "是否", "哪里", "为什么", "多久",
    };

    /// <summary>Returns the terms of <paramref name="text"/> in order, repeats included.</summary>
    public IReadOnlyList<string> Analyze(string? text, int maxTerms = int.MaxValue)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }

        var normalized = Normalize(text);
        var word = new StringBuilder();
        var cjkRun = new List<string>();

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (terms.Count >= maxTerms)
            {
                break;
            }

            if (IsBigramScript(rune.Value))
            {
                Flush(word, terms);
                cjkRun.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                FlushCjk(cjkRun, terms);
                word.Append(rune.ToString());
            }
            else
            {
                Flush(word, terms);
                FlushCjk(cjkRun, terms);
            }
        }

        Flush(word, terms);
        FlushCjk(cjkRun, terms);
        return terms.Count > maxTerms ? terms.GetRange(0, maxTerms) : terms;
    }

    /// <summary>Terms that carry no topic (question words, pronouns); excluded when measuring how well a text covers a query.</summary>
    public static bool IsStopWord(string term) => StopWords.Contains(term);

    /// <summary>The analyzed text as FTS5 stores it: terms joined by single spaces.</summary>
    public string ToIndexText(string? text) => string.Join(' ', Analyze(text));

    private static string Normalize(string text)
    {
        // NFKC folds full-width letters, digits and punctuation to their ASCII forms.
        var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        return folded.ToLower(CultureInfo.InvariantCulture);
    }

    private static void Flush(StringBuilder word, List<string> terms)
    {
        if (word.Length > 0)
        {
            terms.Add(word.ToString());
            word.Clear();
        }
    }

    private static void FlushCjk(List<string> run, List<string> terms)
    {
        if (run.Count == 1)
        {
            terms.Add(run[0]);
        }

        for (var i = 0; i + 1 < run.Count; i++)
        {
            terms.Add(run[i] + run[i + 1]);
        }

        run.Clear();
    }

    /// <summary>Scripts written without spaces between words: Han, kana, Hangul.</summary>
    private static bool IsBigramScript(int codePoint) =>
        LanguageDetector.IsCjk(codePoint)
        || codePoint is (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF);
}
