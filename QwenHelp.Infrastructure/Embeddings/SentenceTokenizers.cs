using System.Text.Json;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>Reads the tokenizer of a sentence-embedding model folder, whichever kind it is.</summary>
public static class SentenceTokenizers
{
    /// <summary>
    /// <c>tokenizer.json</c> with a WordPiece model (BERT, bge, MiniLM) or a Unigram model
    /// (multilingual-e5, XLM-R), else <c>vocab.txt</c> (WordPiece).
    /// </summary>
    /// <exception cref="InvalidDataException">No usable tokenizer; the message says what is missing or which kind it is.</exception>
    public static ISentenceTokenizer Load(string folder)
    {
        var json = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(json))
        {
            return WordPieceTokenizer.Load(folder);
        }

        string? type;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            type = document.RootElement.TryGetProperty("model", out var model) && model.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "Unigram")
            {
                return UnigramTokenizer.FromTokenizerJson(json, document.RootElement);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{json}' is not valid JSON: {e.Message}", e);
        }

        if (type == "WordPiece")
        {
            return WordPieceTokenizer.Load(folder);
        }

        throw new InvalidDataException(
            $"'{json}' holds a {type ?? "untyped"} tokenizer; the ONNX embedder reads WordPiece (BERT, bge, MiniLM) and Unigram (multilingual-e5, XLM-R) tokenizers.");
    }

    /// <summary>
    /// The tokens a tokenizer.json's post-processor puts around a sequence: BertProcessing's or
    /// RobertaProcessing's cls/sep, or the two special tokens of TemplateProcessing's single template.
    /// </summary>
    internal static (string Begin, string End) SpecialTokens(JsonElement root, string defaultBegin, string defaultEnd)
    {
        if (root.TryGetProperty("post_processor", out var post) && post.ValueKind == JsonValueKind.Object)
        {
            if (post.TryGetProperty("cls", out var cls) && cls.ValueKind == JsonValueKind.Array
                && post.TryGetProperty("sep", out var sep) && sep.ValueKind == JsonValueKind.Array)
            {
                return (cls[0].GetString() ?? defaultBegin, sep[0].GetString() ?? defaultEnd);
            }

            if (post.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array)
            {
                var specials = single.EnumerateArray()
                    .Where(e => e.TryGetProperty("SpecialToken", out _))
                    .Select(e => e.GetProperty("SpecialToken").GetProperty("id").GetString() ?? "")
                    .ToList();
                if (specials.Count == 2)
                {
                    return (specials[0], specials[1]);
                }
            }
        }

        return (defaultBegin, defaultEnd);
    }
}
