using System.Text;
using System.Text.Json;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// The SentencePiece Unigram tokenizer as the Hugging Face <c>tokenizers</c> library runs it from a
/// <c>tokenizer.json</c> (multilingual-e5, XLM-R and other SentencePiece exports, no sentencepiece
/// library needed): text normalized, spaces turned into <c>▁</c> with one in front (Metaspace), each
/// word cut into the pieces whose log-probabilities add up highest (Viterbi), characters no piece
/// covers becoming one unknown token; <c>&lt;s&gt; … &lt;/s&gt;</c> around the sequence.
/// </summary>
/// <remarks>
/// SentencePiece's own normalizer is a compiled character map (<c>Precompiled</c>) of its
/// <c>nmt_nfkc</c> rules; this reads it as NFKC with runs of spaces collapsed, which is what that map
/// does for Chinese and English text.
/// </remarks>
public sealed class UnigramTokenizer : ISentenceTokenizer
{
    private const char Metaspace = '\u2581';

    private readonly Dictionary<string, (int Id, double Score)> _pieces;
    private readonly int _maxPieceLength;
    private readonly double _unknownScore;
    private readonly int _unknownId;

    private UnigramTokenizer(Dictionary<string, (int Id, double Score)> pieces, int unknownId, int begin, int end, int padding)
    {
        _pieces = pieces;
        _maxPieceLength = pieces.Keys.Max(p => p.Length);
        _unknownScore = pieces.Values.Min(p => p.Score) - 10;
        _unknownId = unknownId;
        ClassifierId = begin;
        SeparatorId = end;
        PaddingId = padding;
    }

    public int ClassifierId { get; }

    public int SeparatorId { get; }

    public int PaddingId { get; }

    /// <summary>Reads a <c>tokenizer.json</c> whose model is Unigram.</summary>
    /// <exception cref="InvalidDataException">It is not one, or lacks what encoding needs.</exception>
    public static UnigramTokenizer FromTokenizerJson(string path, JsonElement root)
    {
        var model = root.GetProperty("model");
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Array || vocab.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"'{path}' has no Unigram vocabulary.");
        }

        var pieces = new Dictionary<string, (int, double)>(StringComparer.Ordinal);
        var id = 0;
        foreach (var entry in vocab.EnumerateArray())
        {
            pieces.TryAdd(entry[0].GetString() ?? "", (id, entry[1].GetDouble()));
            id++;
        }

        var unknown = model.TryGetProperty("unk_id", out var u) && u.TryGetInt32(out var unk) ? unk : 0;
        int Find(string token, int fallback) => pieces.TryGetValue(token, out var p) ? p.Item1 : fallback;
        var (begin, end) = SentenceTokenizers.SpecialTokens(root, "<s>", "</s>");
        return new UnigramTokenizer(pieces, unknown, Find(begin, 0), Find(end, 2), Find("<pad>", 1));
    }

    public IReadOnlyList<int> Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<int> { ClassifierId };
        foreach (var id in Pieces(Normalize(text ?? "")))
        {
            if (ids.Count >= maxTokens - 1)
            {
                break;
            }

            ids.Add(id);
        }

        ids.Add(SeparatorId);
        return ids;
    }

    /// <summary>NFKC, control characters dropped, whitespace runs made one space, then Metaspace: "▁" for each space and one in front.</summary>
    private static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var output = new StringBuilder(folded.Length + 1);
        var space = true;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                space = true;
                continue;
            }

            if (Rune.IsControl(rune) || rune.Value == 0xFFFD)
            {
                continue;
            }

            if (space)
            {
                output.Append(Metaspace);
                space = false;
            }

            output.Append(rune.ToString());
        }

        return output.ToString();
    }

    /// <summary>The highest-scoring segmentation into known pieces (Viterbi); uncovered characters merge into one unknown token.</summary>
    private List<int> Pieces(string text)
    {
        var n = text.Length;
        var best = new double[n + 1];
        var from = new int[n + 1];
        var piece = new int[n + 1];
        Array.Fill(best, double.NegativeInfinity);
        best[0] = 0;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNegativeInfinity(best[i]) || char.IsLowSurrogate(text[i]))
            {
                continue;
            }

            for (var length = 1; length <= _maxPieceLength && i + length <= n; length++)
            {
                if (char.IsHighSurrogate(text[i + length - 1]))
                {
                    continue;
                }

                if (_pieces.TryGetValue(text.Substring(i, length), out var p) && best[i] + p.Score > best[i + length])
                {
                    best[i + length] = best[i] + p.Score;
                    from[i + length] = i;
                    piece[i + length] = p.Id;
                }
            }

            // A character no piece starts with is an unknown token of its own.
            var width = char.IsHighSurrogate(text[i]) && i + 1 < n ? 2 : 1;
            if (best[i] + _unknownScore > best[i + width] && !_pieces.ContainsKey(text.Substring(i, width)))
            {
                best[i + width] = best[i] + _unknownScore;
                from[i + width] = i;
                piece[i + width] = -1;
            }
        }

        var ids = new List<int>();
        for (var end = n; end > 0; end = from[end])
        {
            ids.Add(piece[end] < 0 ? _unknownId : piece[end]);
        }

        ids.Reverse();
        // Consecutive unknown characters are one unknown token (fuse_unk).
        return ids.Where((id, i) => !(id == _unknownId && i > 0 && ids[i - 1] == _unknownId)).ToList();
    }
}

/// <summary>A tokenizer of a sentence-embedding model: token ids with the model's begin and end tokens, and its padding id.</summary>
public interface ISentenceTokenizer
{
    int PaddingId { get; }

    /// <summary>The ids with the begin and end tokens, at most <paramref name="maxTokens"/> of them.</summary>
    IReadOnlyList<int> Encode(string text, int maxTokens);
}
