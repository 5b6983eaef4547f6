using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using MlBpeTokenizer = Microsoft.ML.Tokenizers.BpeTokenizer;

namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>
/// A Qwen2/Qwen3 tokenizer.json as Microsoft.ML.Tokenizers' byte-level <see cref="MlBpeTokenizer"/>: its
/// vocabulary, merges and added tokens, NFC, and the Qwen split pattern. The split is
/// <see cref="QwenPreTokenizer"/> (ours) rather than the library's <see cref="RegexPreTokenizer"/>:
/// .NET's Regex does not see letters outside the BMP as \p{L} (docs/decisions/0121).
/// Used to count tokens without loading a model; the ids match the reference (the golden test).
/// </summary>
public static class QwenTokenizer
{
    /// <summary>Reads tokenizer.json; a file of another kind is refused with a message naming the field.</summary>
    /// <exception cref="TokenizerFormatException">The file is not a byte-level BPE tokenizer.json of the Qwen kind.</exception>
    public static MlBpeTokenizer Load(string tokenizerJsonPath)
    {
        using var stream = File.OpenRead(tokenizerJsonPath);
        return Load(stream);
    }

    public static MlBpeTokenizer Load(Stream tokenizerJson)
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
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object
                || !model.TryGetProperty("type", out var type) || type.GetString() != "BPE")
            {
                throw new TokenizerFormatException("tokenizer.json model.type: a byte-level BPE model (Qwen2, Qwen3) is expected.");
            }

            if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException("tokenizer.json model.vocab is missing.");
            }

            if (!model.TryGetProperty("merges", out var merges) || merges.ValueKind != JsonValueKind.Array)
            {
                throw new TokenizerFormatException("tokenizer.json model.merges is missing.");
            }

            var special = new Dictionary<string, int>(StringComparer.Ordinal);
            if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            {
                foreach (var token in added.EnumerateArray())
                {
                    special[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
                }
            }

            return MlBpeTokenizer.Create(new BpeOptions(vocab.EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())))
            {
                // Newer tokenizer.json files write a merge as ["a", "b"], older ones as "a b".
                Merges = merges.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Array ? m[0].GetString() + " " + m[1].GetString() : m.GetString()!).ToList(),
                SpecialTokens = special,
                ByteLevel = true,
                Normalizer = new NfcNormalizer(),
                PreTokenizer = new QwenSplit(special),
            });
        }
    }

    /// <summary>tokenizer.json's NFC normalizer (special tokens are ASCII, so normalizing them too changes nothing).</summary>
    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) =>
            original.IsNormalized(NormalizationForm.FormC) ? original : original.Normalize(NormalizationForm.FormC);

        public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
    }

    /// <summary>Added tokens as whole pieces (longest first), the text between them split by <see cref="QwenPreTokenizer"/>.</summary>
    private sealed class QwenSplit(IReadOnlyDictionary<string, int> specialTokens) : PreTokenizer
    {
        private readonly string[] _special = specialTokens.Keys.Where(k => k.Length > 0).OrderByDescending(k => k.Length).ToArray();
        private readonly HashSet<char> _firstChars = specialTokens.Keys.Where(k => k.Length > 0).Select(k => k[0]).ToHashSet();

        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => PreTokenize(text.AsSpan());

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
        {
            var pieces = new List<(int Offset, int Length)>();
            var gapStart = 0;
            var i = 0;
            while (i < text.Length)
            {
                var matched = _firstChars.Contains(text[i]) ? Match(text, i) : null;
                if (matched is null)
                {
                    i++;
                    continue;
                }

                Split(text, gapStart, i, pieces);
                pieces.Add((i, matched.Length));
                i += matched.Length;
                gapStart = i;
            }

            Split(text, gapStart, text.Length, pieces);
            return pieces;
        }

        private string? Match(ReadOnlySpan<char> text, int at)
        {
            foreach (var token in _special)
            {
                if (text[at..].StartsWith(token, StringComparison.Ordinal))
                {
                    return token;
                }
            }

            return null;
        }

        private static void Split(ReadOnlySpan<char> text, int start, int end, List<(int Offset, int Length)> pieces)
        {
            if (end > start)
            {
                QwenPreTokenizer.Split(text[start..end], (offset, length) => pieces.Add((start + offset, length)));
            }
        }
    }
}
