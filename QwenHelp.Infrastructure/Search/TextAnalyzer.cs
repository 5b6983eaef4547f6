using System.Globalization;
using System.Text;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Splits mixed Chinese/English text into search terms, the same way for indexing and for queries:
/// <list type="bullet">
/// <item>full-width forms folded to half-width and everything lower-cased (NFKC + invariant lower case);</item>
/// <item>CJK runs as overlapping bigrams (as Lucene's CJKAnalyzer does, so no dictionary is needed);</item>
/// <item>English words stemmed (Porter: "refunds", "refunded" → "refund"), "don't" kept as one word and a possessive "'s" dropped;</item>
/// <item>identifiers kept whole: a word with a digit in it is never stemmed, and "LM-2026-0001234" is one term like "LM20260001234";</item>
/// <item>everything else a separator.</item>
/// </list>
/// </summary>
public sealed class TextAnalyzer
{
    /// <summary>
    /// Changes whenever the terms this analyzer makes change. The keyword index records the version
    /// it was built with and is rebuilt at start-up when it differs.
    /// </summary>
    public const int Version = 2;

    private static readonly HashSet<string> StopWords = BuildStopWords();

    /// <summary>Returns the terms of <paramref name="text"/> in order, repeats included.</summary>
    public IReadOnlyList<string> Analyze(string? text, int maxTerms = int.MaxValue)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text) || maxTerms <= 0)
        {
            return terms;
        }

        var normalized = Normalize(text);
        var word = new StringBuilder();
        var wordHasDigit = false;
        var cjkRun = new List<string>();
        var runes = normalized.EnumerateRunes().ToArray();

        void FlushWord()
        {
            if (word.Length > 0)
            {
                var value = word.ToString();
                terms.Add(wordHasDigit ? value : PorterStemmer.Stem(value));
                word.Clear();
                wordHasDigit = false;
            }
        }

        for (var i = 0; i < runes.Length && terms.Count < maxTerms; i++)
        {
            var rune = runes[i];
            if (IsBigramScript(rune.Value))
            {
                FlushWord();
                cjkRun.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                FlushCjk(cjkRun, terms);
                word.Append(rune.ToString());
                wordHasDigit |= Rune.IsDigit(rune);
            }
            else if (word.Length > 0 && IsApostrophe(rune) && i + 1 < runes.Length && Rune.IsLetter(runes[i + 1]))
            {
                // "don't" → "dont"; "customer's" → "customer" (the possessive says nothing about the topic).
                var possessive = runes[i + 1].Value == 's' && (i + 2 >= runes.Length || !Rune.IsLetterOrDigit(runes[i + 2]));
                if (possessive)
                {
                    i++;
                }
            }
            else if (rune.Value is '-' or '_' && IsIdentifierPrefix(word) && i + 1 < runes.Length && Rune.IsDigit(runes[i + 1]))
            {
                // An identifier written with separators ("LM-2026-0001234", "SKU_1234") is one term;
                // "7-10" (a range) and "2026-01-05" (a date) stay separate numbers.
                wordHasDigit = true;
            }
            else
            {
                FlushWord();
                FlushCjk(cjkRun, terms);
            }
        }

        FlushWord();
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
        var folded = UnicodeText.NormalizeKC(text);
        return folded.ToLower(CultureInfo.InvariantCulture);
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

    private static bool IsIdentifierPrefix(StringBuilder word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (char.IsLetter(word[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsApostrophe(Rune rune) => rune.Value is '\'' or '\u2019';

    /// <summary>Scripts written without spaces between words: Han, kana, Hangul.</summary>
    private static bool IsBigramScript(int codePoint) =>
        LanguageDetector.IsCjk(codePoint)
        || codePoint is (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF);

    private static HashSet<string> BuildStopWords()
    {
        string[] english =
        [
            // Function words that occur in most questions and say nothing about the topic.
            "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was", "be",
            "do", "does", "did", "can", "could", "would", "should", "will", "how", "what", "when", "where", "why",
            "which", "who", "to", "of", "in", "on", "for", "at", "by", "with", "and", "or", "if", "this", "that",
            "there", "have", "has", "get", "please", "pls", "hi", "hello", "any", "about", "from", "so", "just",
            "u", "im", "dont", "cant", "want", "need", "help", "thanks", "thank",
        ];
        string[] chinese =
        [
            // Bigrams of question words and courtesy.
            "如何", "怎么", "怎样", "什么", "我的", "可以", "请问", "你好", "您好", "一下", "是否", "哪里", "多久",
            "我想", "想要", "需要", "能不", "能否", "吗", "呢", "吧", "啊", "的", "了",
            // Bigrams that only span the joints of question phrases: 怎么办, 了怎么, 为什么, 什么时候.
            "么办", "了怎", "为什", "么时", "么样", "谢谢",
        ];
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in english)
        {
            words.Add(word);
            words.Add(PorterStemmer.Stem(word));
        }

        words.UnionWith(chinese);
        return words;
    }
}
