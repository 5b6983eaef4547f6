using System.Text;
using System.Text.RegularExpressions;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Seeding;

namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// A reproducible synthetic knowledge base for <c>bench retrieval</c>: half Chinese, half English
/// documents of one-chunk sections, with words drawn from a Zipf distribution over a vocabulary
/// seeded from the demo knowledge base (its real words and characters first, the most frequent)
/// and extended with made-up words, so that term frequencies look like a real corpus: a few very
/// common terms (long posting lists, the hard case for keyword ranking) and a long tail of rare ones.
/// </summary>
public sealed partial class SyntheticCorpus
{
    /// <summary>Sections per document: each becomes one chunk.</summary>
    public const int SectionsPerDocument = 50;

    private const int EnglishVocabulary = 30_000;
    private const int ChineseVocabulary = 20_000;

    private readonly Random _random;
    private readonly string[] _english;
    private readonly string[] _chinese;
    private readonly double[] _englishCumulative;
    private readonly double[] _chineseCumulative;

    public SyntheticCorpus(int seed)
    {
        _random = new Random(seed);
        var demo = string.Join('\n', DemoDataSet.LoadDocuments().Select(d => d.Content))
                   + string.Join('\n', DemoDataSet.LoadFaq().Select(f => f.Question + "\n" + f.Answer));
        _english = BuildEnglish(demo);
        _chinese = BuildChinese(demo);
        _englishCumulative = Zipf(_english.Length);
        _chineseCumulative = Zipf(_chinese.Length);
    }

    /// <summary>Documents holding <paramref name="chunks"/> one-chunk sections in all.</summary>
    public IEnumerable<KnowledgeDocument> Documents(int chunks)
    {
        var made = 0;
        for (var d = 0; made < chunks; d++)
        {
            var chinese = d % 2 == 0;
            var sections = Math.Min(SectionsPerDocument, chunks - made);
            var content = new StringBuilder();
            content.Append("# ").Append(Title(chinese, d)).Append("\n\n");
            for (var s = 0; s < sections; s++)
            {
                content.Append("## ").Append(Heading(chinese)).Append("\n\n").Append(Paragraph(chinese)).Append("\n\n");
            }

            made += sections;
            yield return new KnowledgeDocument
            {
                Title = Title(chinese, d),
                Content = content.ToString(),
                Category = "bench",
                Language = chinese ? Languages.Chinese : Languages.English,
            };
        }
    }

    /// <summary>A query as a customer might type it about a passage: a few of its words, sometimes with a typo.</summary>
    public string QueryFrom(string passage)
    {
        var chinese = Domain.Text.LanguageDetector.Detect(passage) == Languages.Chinese;
        string query;
        if (chinese)
        {
            var characters = passage.Where(c => Domain.Text.LanguageDetector.IsCjk(c)).ToArray();
            var length = _random.Next(4, 11);
            var start = _random.Next(Math.Max(1, characters.Length - length));
            query = new string(characters.Skip(start).Take(length).ToArray());
        }
        else
        {
            var words = WordPattern().Matches(passage).Select(m => m.Value).ToArray();
            var length = _random.Next(2, 7);
            var start = _random.Next(Math.Max(1, words.Length - length));
            var picked = words.Skip(start).Take(length).ToArray();
            if (picked.Length > 0 && _random.NextDouble() < 0.2)
            {
                // A typo: one letter dropped from one word.
                var w = _random.Next(picked.Length);
                if (picked[w].Length > 3)
                {
                    picked[w] = picked[w].Remove(_random.Next(picked[w].Length), 1);
                }
            }

            query = string.Join(' ', picked);
        }

        return query.Length == 0 ? "order" : query;
    }

    private string Title(bool chinese, int index) => chinese ? $"知识文档{index}：{Words(_chinese, _chineseCumulative, 3, "")}" : $"Guide {index}: {Words(_english, _englishCumulative, 3, " ")}";

    private string Heading(bool chinese) => chinese ? Words(_chinese, _chineseCumulative, 3, "") : Words(_english, _englishCumulative, 4, " ");

    private string Paragraph(bool chinese)
    {
        var text = new StringBuilder();
        var sentences = _random.Next(5, 9);
        for (var s = 0; s < sentences; s++)
        {
            if (chinese)
            {
                text.Append(Words(_chinese, _chineseCumulative, _random.Next(6, 12), "")).Append('。');
            }
            else
            {
                var sentence = Words(_english, _englishCumulative, _random.Next(8, 16), " ");
                text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1)).Append(". ");
            }
        }

        return text.ToString().Trim();
    }

    private string Words(string[] vocabulary, double[] cumulative, int count, string separator)
    {
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var index = Array.BinarySearch(cumulative, _random.NextDouble());
            words[i] = vocabulary[Math.Min(index < 0 ? ~index : index, vocabulary.Length - 1)];
        }

        return string.Join(separator, words);
    }

    /// <summary>Cumulative Zipf probabilities (exponent 1) over ranks 1..n.</summary>
    private static double[] Zipf(int n)
    {
        var cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }

        for (var i = 0; i < n; i++)
        {
            cumulative[i] /= sum;
        }

        return cumulative;
    }

    private string[] BuildEnglish(string demo)
    {
        var real = WordPattern().Matches(demo.ToLowerInvariant()).Select(m => m.Value)
            .GroupBy(w => w).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        string[] syllables = ["ka", "lo", "mi", "ren", "tor", "va", "sel", "qui", "dan", "po", "fi", "rax", "mun", "tel", "gor", "shi", "bel", "cor", "nex", "ul"];
        var words = new HashSet<string>(real);
        while (words.Count < EnglishVocabulary)
        {
            var length = _random.Next(2, 5);
            var word = string.Concat(Enumerable.Range(0, length).Select(_ => syllables[_random.Next(syllables.Length)]));
            words.Add(word);
        }

        return [.. real, .. words.Except(real)];
    }

    private string[] BuildChinese(string demo)
    {
        // The demo's characters, most frequent first, then the rest of the common CJK block.
        var real = demo.Where(c => Domain.Text.LanguageDetector.IsCjk(c)).GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        var characters = real.Concat(Enumerable.Range(0x4E00, 0x9FA5 - 0x4E00).Select(c => (char)c).Except(real).Take(3500 - real.Count)).ToArray();
        var words = new HashSet<string>();
        var list = new List<string>();
        // Words of one to three characters, the common characters in the common words.
        var cumulative = Zipf(characters.Length);
        while (list.Count < ChineseVocabulary)
        {
            var length = _random.NextDouble() < 0.15 ? 1 : _random.NextDouble() < 0.8 ? 2 : 3;
            var word = new string(Enumerable.Range(0, length).Select(_ =>
            {
                var index = Array.BinarySearch(cumulative, _random.NextDouble());
                return characters[Math.Min(index < 0 ? ~index : index, characters.Length - 1)];
            }).ToArray());
            if (words.Add(word))
            {
                list.Add(word);
            }
        }

        return [.. list];
    }

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex WordPattern();
}
