using System.Text;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Knowledge;

/// <summary>
/// Estimates token counts without a tokenizer, for when no model is loaded: a Chinese character
/// is a token, a Latin word about one token per four letters, a number one per three digits, any
/// other symbol one. Byte-pair tokenizers of the Qwen family come out at or below this for both
/// languages, so chunks bounded by it fit the model's budget.
/// </summary>
public sealed class EstimatedTokenCounter : ITokenCounter
{
    public int CountTokens(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var tokens = 0;
        var letters = 0;
        var digits = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) && !IsWideScript(rune.Value))
            {
                tokens += Flush(ref digits, 3);
                letters++;
            }
            else if (Rune.IsDigit(rune))
            {
                tokens += Flush(ref letters, 4);
                digits++;
            }
            else
            {
                tokens += Flush(ref letters, 4) + Flush(ref digits, 3);
                if (!Rune.IsWhiteSpace(rune))
                {
                    tokens++;
                }
            }
        }

        return tokens + Flush(ref letters, 4) + Flush(ref digits, 3);
    }

    private static int Flush(ref int run, int perToken)
    {
        var tokens = (run + perToken - 1) / perToken;
        run = 0;
        return tokens;
    }

    /// <summary>Han, kana and Hangul: about one token per character.</summary>
    private static bool IsWideScript(int codePoint) =>
        LanguageDetector.IsCjk(codePoint) || codePoint is (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF);
}
