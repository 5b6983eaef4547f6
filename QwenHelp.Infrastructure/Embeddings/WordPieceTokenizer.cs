using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// BERT's tokenizer, as the Hugging Face <c>tokenizers</c> library runs it for WordPiece models
/// (bge-small-zh and bge-*-en, all-MiniLM, text2vec, most BERT-based sentence embedders): the
/// BertNormalizer (control characters removed, whitespace unified, a space around every CJK
/// character, lower case with accents stripped), the BertPreTokenizer (split on whitespace and on
/// every punctuation character), then greedy longest-match WordPiece with <c>##</c> continuations,
/// an unknown word becoming <c>[UNK]</c>; <c>[CLS] … [SEP]</c> around the sequence.
/// </summary>
public sealed class WordPieceTokenizer : ISentenceTokenizer
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string _prefix;
    private readonly int _maxCharactersPerWord;
    private readonly bool _lowercase;
    private readonly bool _stripAccents;
    private readonly bool _chineseCharacters;

    private WordPieceTokenizer(Dictionary<string, int> vocabulary, string unknown, string classifier, string separator, string? padding,
        string prefix, int maxCharactersPerWord, bool lowercase, bool stripAccents, bool chineseCharacters)
    {
        _vocabulary = vocabulary;
        _prefix = prefix;
        _maxCharactersPerWord = maxCharactersPerWord;
        _lowercase = lowercase;
        _stripAccents = stripAccents;
        _chineseCharacters = chineseCharacters;
        UnknownId = Id(vocabulary, unknown, "unknown token");
        ClassifierId = Id(vocabulary, classifier, "[CLS] token");
        SeparatorId = Id(vocabulary, separator, "[SEP] token");
        PaddingId = padding is not null && vocabulary.TryGetValue(padding, out var pad) ? pad : 0;
    }

    public int UnknownId { get; }

    public int ClassifierId { get; }

    public int SeparatorId { get; }

    public int PaddingId { get; }

    public int VocabularySize => _vocabulary.Count;

    /// <summary>
    /// Reads the tokenizer of a model folder: <c>tokenizer.json</c> (a WordPiece model), else
    /// <c>vocab.txt</c> with <c>tokenizer_config.json</c>'s <c>do_lower_case</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">No usable tokenizer in the folder; the message says what is missing or wrong.</exception>
    public static WordPieceTokenizer Load(string folder)
    {
        var json = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(json))
        {
            return FromTokenizerJson(json);
        }

        var vocab = Path.Combine(folder, "vocab.txt");
        if (File.Exists(vocab))
        {
            return FromVocabTxt(vocab, Path.Combine(folder, "tokenizer_config.json"));
        }

        throw new InvalidDataException($"The model folder '{folder}' has no tokenizer: neither tokenizer.json nor vocab.txt.");
    }

    /// <summary>The token ids of <paramref name="text"/> with [CLS] and [SEP], at most <paramref name="maxTokens"/> of them (cut before [SEP]).</summary>
    public IReadOnlyList<int> Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<int> { ClassifierId };
        foreach (var word in PreTokenize(Normalize(text ?? "")))
        {
            foreach (var id in WordPieces(word))
            {
                if (ids.Count >= maxTokens - 1)
                {
                    ids.Add(SeparatorId);
                    return ids;
                }

                ids.Add(id);
            }
        }

        ids.Add(SeparatorId);
        return ids;
    }

    /// <summary>The WordPiece tokens of <paramref name="text"/>, without [CLS] and [SEP] (for diagnosis and tests).</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var names = _vocabulary.ToDictionary(p => p.Value, p => p.Key);
        return [.. Encode(text, int.MaxValue).Skip(1).SkipLast(1).Select(id => names[id])];
    }

    private string Normalize(string text)
    {
        var output = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is 0 or 0xFFFD || (Rune.IsControl(rune) && value is not ('\t' or '\n' or '\r')))
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                output.Append(' ');
            }
            else if (_chineseCharacters && IsChineseCharacter(value))
            {
                output.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                output.Append(rune.ToString());
            }
        }

        var normalized = output.ToString();
        if (_stripAccents)
        {
            var decomposed = normalized.Normalize(NormalizationForm.FormD);
            var kept = new StringBuilder(decomposed.Length);
            foreach (var c in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                {
                    kept.Append(c);
                }
            }

            normalized = kept.ToString();
        }

        return _lowercase ? normalized.ToLowerInvariant() : normalized;
    }

    /// <summary>Whitespace-separated words, every punctuation character a word of its own.</summary>
    private static IEnumerable<string> PreTokenize(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else if (IsPunctuation(rune))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return rune.ToString();
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private List<int> WordPieces(string word)
    {
        var pieces = new List<int>();
        var length = new StringInfo(word).LengthInTextElements;
        if (word.EnumerateRunes().Count() > _maxCharactersPerWord || length == 0)
        {
            return [UnknownId];
        }

        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (start < end)
            {
                var candidate = word[start..end];
                if (start > 0)
                {
                    candidate = _prefix + candidate;
                }

                if (_vocabulary.TryGetValue(candidate, out var id))
                {
                    found = id;
                    break;
                }

                end--;
                if (end > start && char.IsLowSurrogate(word[end]))
                {
                    end--;
                }
            }

            if (found < 0)
            {
                return [UnknownId];
            }

            pieces.Add(found);
            start = end;
        }

        return pieces;
    }

    private static bool IsPunctuation(Rune rune)
    {
        var c = rune.Value;
        if (c is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK Unified Ideograph blocks BERT puts spaces around (not Hangul or kana).</summary>
    private static bool IsChineseCharacter(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static int Id(Dictionary<string, int> vocabulary, string token, string what) =>
        vocabulary.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"The tokenizer's vocabulary has no {what} '{token}'.");

    private static WordPieceTokenizer FromTokenizerJson(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"'{path}' has no \"model\".");
            }

            var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "WordPiece")
            {
                throw new InvalidDataException(
                    $"'{path}' holds a {type ?? "untyped"} tokenizer; the ONNX embedder reads WordPiece tokenizers (BERT, bge, MiniLM exports).");
            }

            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            if (model.TryGetProperty("vocab", out var vocab) && vocab.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in vocab.EnumerateObject())
                {
                    vocabulary[entry.Name] = entry.Value.GetInt32();
                }
            }

            if (vocabulary.Count == 0)
            {
                throw new InvalidDataException($"'{path}' has an empty WordPiece vocabulary.");
            }

            var unknown = model.TryGetProperty("unk_token", out var u) ? u.GetString() ?? "[UNK]" : "[UNK]";
            var prefix = model.TryGetProperty("continuing_subword_prefix", out var p) ? p.GetString() ?? "##" : "##";
            var maxChars = model.TryGetProperty("max_input_chars_per_word", out var m) && m.TryGetInt32(out var max) ? max : 100;

            var lowercase = true;
            bool? stripAccents = null;
            var chinese = true;
            if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object)
            {
                lowercase = !normalizer.TryGetProperty("lowercase", out var l) || l.ValueKind != JsonValueKind.False;
                chinese = !normalizer.TryGetProperty("handle_chinese_chars", out var h) || h.ValueKind != JsonValueKind.False;
                if (normalizer.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    stripAccents = s.ValueKind == JsonValueKind.True;
                }
            }

            var (classifier, separator) = SentenceTokenizers.SpecialTokens(root, "[CLS]", "[SEP]");
            var padding = root.TryGetProperty("padding", out var pad) && pad.ValueKind == JsonValueKind.Object && pad.TryGetProperty("pad_token", out var pt)
                ? pt.GetString()
                : "[PAD]";
            return new WordPieceTokenizer(vocabulary, unknown, classifier, separator, padding, prefix, maxChars, lowercase, stripAccents ?? lowercase, chinese);
        }
    }

    private static WordPieceTokenizer FromVocabTxt(string path, string configPath)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var line in File.ReadLines(path))
        {
            var token = line.TrimEnd('\r');
            vocabulary.TryAdd(token, index);
            index++;
        }

        var lowercase = true;
        if (File.Exists(configPath))
        {
            try
            {
                using var config = JsonDocument.Parse(File.ReadAllText(configPath));
                if (config.RootElement.TryGetProperty("do_lower_case", out var lower) && lower.ValueKind == JsonValueKind.False)
                {
                    lowercase = false;
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"'{configPath}' is not valid JSON: {e.Message}", e);
            }
        }

        return new WordPieceTokenizer(vocabulary, "[UNK]", "[CLS]", "[SEP]", "[PAD]", "##", 100, lowercase, lowercase, chineseCharacters: true);
    }
}
