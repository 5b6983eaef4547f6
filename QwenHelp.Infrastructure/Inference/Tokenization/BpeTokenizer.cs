using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>
/// Byte-level BPE read from a Hugging Face tokenizer.json of the Qwen2/Qwen3 kind: added (special)
/// tokens matched first, NFC, the Qwen split pattern, byte-level alphabet, ranked merges.
/// Thread-safe; encodes the same ids as the reference tokenizer (see QwenHelp.Tests' golden file).
/// </summary>
public sealed class BpeTokenizer
{
    private const int WordCacheLimit = 50_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly byte[][] _tokenBytes;
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;
    private readonly int[] _byteIds = new int[256];
    private readonly AddedToken[] _added;
    private readonly Dictionary<char, AddedToken[]> _addedByFirstChar;
    private readonly HashSet<int> _special;
    private readonly bool _nfc;
    private readonly ConcurrentDictionary<string, int[]> _wordCache = new(StringComparer.Ordinal);

    private BpeTokenizer(Dictionary<string, int> vocab, Dictionary<long, (int, int)> merges, AddedToken[] added, bool nfc)
    {
        _vocab = vocab;
        _merges = merges;
        _added = added;
        _nfc = nfc;
        var size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, added.Length == 0 ? 0 : added.Max(a => a.Id) + 1);
        _tokenBytes = new byte[size][];
        foreach (var (token, id) in vocab)
        {
            _tokenBytes[id] = DecodeByteLevel(token);
        }

        foreach (var token in added)
        {
            _tokenBytes[token.Id] = Encoding.UTF8.GetBytes(token.Content);
        }

        for (var b = 0; b < 256; b++)
        {
            if (!vocab.TryGetValue(ByteLevel.Encode((byte)b).ToString(), out _byteIds[b]))
            {
                throw new TokenizerFormatException($"model.vocab has no entry for byte 0x{b:X2} ('{ByteLevel.Encode((byte)b)}'); a byte-level BPE vocabulary needs all 256.");
            }
        }

        _addedByFirstChar = added.Where(a => a.Content.Length > 0)
            .GroupBy(a => a.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Content.Length).ToArray());
        _special = added.Where(a => a.Special).Select(a => a.Id).ToHashSet();
    }

    /// <summary>Ids up to this bound (exclusive) have a token.</summary>
    public int VocabularySize => _tokenBytes.Length;

    public IReadOnlyList<AddedToken> AddedTokens => _added;

    /// <summary>Reads tokenizer.json; a file of another kind is refused with a message naming the field.</summary>
    public static BpeTokenizer Load(string tokenizerJsonPath)
    {
        using var stream = File.OpenRead(tokenizerJsonPath);
        return Load(stream);
    }

    public static BpeTokenizer Load(Stream tokenizerJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(tokenizerJson, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException($"tokenizer.json is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var model = Required(root, "model", JsonValueKind.Object);
            var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type != "BPE")
            {
                throw new TokenizerFormatException($"tokenizer.json model.type is '{type}'; only BPE (Qwen2/Qwen3 byte-level BPE) is supported.");
            }

            CheckPreTokenizer(root);
            var nfc = CheckNormalizer(root);

            var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in Required(model, "vocab", JsonValueKind.Object, "model.").EnumerateObject())
            {
                vocab[entry.Name] = entry.Value.GetInt32();
            }

            var merges = new Dictionary<long, (int, int)>();
            var rank = 0;
            foreach (var merge in Required(model, "merges", JsonValueKind.Array, "model.").EnumerateArray())
            {
                string left, right;
                if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
                {
                    left = merge[0].GetString()!;
                    right = merge[1].GetString()!;
                }
                else if (merge.ValueKind == JsonValueKind.String && merge.GetString()!.Split(' ') is [var l, var r])
                {
                    (left, right) = (l, r);
                }
                else
                {
                    throw new TokenizerFormatException($"tokenizer.json model.merges[{rank}] is neither \"a b\" nor [\"a\", \"b\"].");
                }

                if (!vocab.TryGetValue(left, out var leftId) || !vocab.TryGetValue(right, out var rightId) || !vocab.TryGetValue(left + right, out var mergedId))
                {
                    throw new TokenizerFormatException($"tokenizer.json model.merges[{rank}] ('{left}' '{right}') uses a token that is not in model.vocab.");
                }

                merges.TryAdd(Key(leftId, rightId), (rank, mergedId));
                rank++;
            }

            var added = new List<AddedToken>();
            if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
            {
                foreach (var token in addedTokens.EnumerateArray())
                {
                    added.Add(new AddedToken(
                        token.GetProperty("id").GetInt32(),
                        token.GetProperty("content").GetString() ?? "",
                        token.TryGetProperty("special", out var special) && special.GetBoolean()));
                }
            }

            return new BpeTokenizer(vocab, merges, [.. added], nfc);
        }
    }

    /// <summary>The id of a token string (vocabulary or added token), or null.</summary>
    public int? TokenToId(string token)
    {
        foreach (var added in _added)
        {
            if (added.Content == token)
            {
                return added.Id;
            }
        }

        return _vocab.TryGetValue(token, out var id) ? id : null;
    }

    public bool IsSpecial(int id) => _special.Contains(id);

    /// <summary>Token ids of <paramref name="text"/>; added tokens such as &lt;|im_start|&gt; in the text become their ids.</summary>
    public List<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 2 + 4);
        var segmentStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (_addedByFirstChar.TryGetValue(text[i], out var candidates) && MatchAdded(text, i, candidates) is { } token)
            {
                EncodeOrdinary(text.AsSpan(segmentStart, i - segmentStart), ids);
                ids.Add(token.Id);
                i += token.Content.Length;
                segmentStart = i;
            }
            else
            {
                i++;
            }
        }

        EncodeOrdinary(text.AsSpan(segmentStart), ids);
        return ids;
    }

    /// <summary>Number of tokens <paramref name="text"/> encodes to.</summary>
    public int CountTokens(string text) => Encode(text).Count;

    /// <summary>The text of <paramref name="ids"/>; broken UTF-8 becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (skipSpecialTokens && _special.Contains(id))
            {
                continue;
            }

            bytes.AddRange(TokenBytes(id));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The UTF-8 bytes token <paramref name="id"/> stands for (possibly part of a character).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_tokenBytes.Length && _tokenBytes[id] is { } bytes ? bytes : [];

    private static AddedToken? MatchAdded(string text, int start, AddedToken[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.CompareOrdinal(text, start, candidate.Content, 0, candidate.Content.Length) == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private void EncodeOrdinary(ReadOnlySpan<char> segment, List<int> ids)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        var text = segment.ToString();
        if (_nfc)
        {
            text = Normalize(text);
        }

        QwenPreTokenizer.Split(text, (start, length) => ids.AddRange(EncodeWord(text.Substring(start, length))));
    }

    private static string Normalize(string text)
    {
        if (text.IsNormalized(NormalizationForm.FormC))
        {
            return text;
        }

        return text.Normalize(NormalizationForm.FormC);
    }

    private int[] EncodeWord(string word)
    {
        if (_wordCache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var utf8 = Encoding.UTF8.GetBytes(word);
        int[] result;
        var chars = new char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = ByteLevel.Encode(utf8[i]);
        }

        if (_vocab.TryGetValue(new string(chars), out var whole))
        {
            result = [whole];
        }
        else
        {
            var symbols = new List<int>(utf8.Length);
            foreach (var b in utf8)
            {
                symbols.Add(_byteIds[b]);
            }

            MergeAll(symbols);
            result = [.. symbols];
        }

        if (_wordCache.Count >= WordCacheLimit)
        {
            _wordCache.Clear();
        }

        _wordCache[word] = result;
        return result;
    }

    /// <summary>
    /// Applies the lowest-ranked merge (leftmost among equals) until none applies: a priority queue
    /// over a linked list, so a long run (20,000 equal bytes) stays O(n log n).
    /// </summary>
    private void MergeAll(List<int> symbols)
    {
        var n = symbols.Count;
        if (n < 2)
        {
            return;
        }

        var ids = symbols.ToArray();
        var next = new int[n];
        var prev = new int[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }

        var queue = new PriorityQueue<(int At, int Left, int Right, int Merged), (int Rank, int At)>();
        void Push(int at)
        {
            var right = next[at];
            if (at >= 0 && right >= 0 && _merges.TryGetValue(Key(ids[at], ids[right]), out var merge))
            {
                queue.Enqueue((at, ids[at], ids[right], merge.Merged), (merge.Rank, at));
            }
        }

        for (var i = 0; i < n - 1; i++)
        {
            Push(i);
        }

        var removed = new bool[n];
        while (queue.TryDequeue(out var pair, out _))
        {
            var right = next[pair.At];
            // Skip pairs that an earlier merge changed.
            if (removed[pair.At] || right < 0 || ids[pair.At] != pair.Left || ids[right] != pair.Right)
            {
                continue;
            }

            ids[pair.At] = pair.Merged;
            removed[right] = true;
            next[pair.At] = next[right];
            if (next[right] >= 0)
            {
                prev[next[right]] = pair.At;
            }

            if (prev[pair.At] >= 0)
            {
                Push(prev[pair.At]);
            }

            Push(pair.At);
        }

        symbols.Clear();
        for (var i = 0; i >= 0; i = next[i])
        {
            symbols.Add(ids[i]);
        }
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static byte[] DecodeByteLevel(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteLevel.TryDecode(token[i], out bytes[i]))
            {
                // Not a byte-level token: keep its UTF-8 form.
                return Encoding.UTF8.GetBytes(token);
            }
        }

        return bytes;
    }

    private static void CheckPreTokenizer(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException("tokenizer.json has no pre_tokenizer; the Qwen Split + ByteLevel pre-tokenizer is required.");
        }

        var steps = pre.GetProperty("type").GetString() == "Sequence" ? pre.GetProperty("pretokenizers").EnumerateArray().ToList() : [pre];
        var split = steps.FirstOrDefault(s => s.GetProperty("type").GetString() == "Split");
        var pattern = split.ValueKind == JsonValueKind.Object && split.TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex) ? regex.GetString() : null;
        if (pattern != QwenPreTokenizer.Pattern)
        {
            throw new TokenizerFormatException($"tokenizer.json pre_tokenizer Split pattern is '{pattern}'; only the Qwen2/Qwen3 pattern is supported.");
        }

        if (!steps.Any(s => s.GetProperty("type").GetString() == "ByteLevel"))
        {
            throw new TokenizerFormatException("tokenizer.json pre_tokenizer has no ByteLevel step; only byte-level BPE is supported.");
        }
    }

    private static bool CheckNormalizer(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var type = normalizer.GetProperty("type").GetString();
        return type switch
        {
            "NFC" => true,
            _ => throw new TokenizerFormatException($"tokenizer.json normalizer type '{type}' is not supported (Qwen uses NFC)."),
        };
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw new TokenizerFormatException($"tokenizer.json has no {prefix}{name} ({kind}).");
        }

        return value;
    }
}

/// <summary>A token matched as a whole before anything else (e.g. &lt;|im_start|&gt;).</summary>
public sealed record AddedToken(int Id, string Content, bool Special);
