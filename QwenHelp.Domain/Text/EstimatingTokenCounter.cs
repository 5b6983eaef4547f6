namespace QwenHelp.Domain.Text;

/// <summary>
/// Estimates Qwen token counts without the tokenizer, for when no model is loaded. Calibrated on
/// the demo knowledge base against the real Qwen3 tokenizer (docs/decisions/0020): a CJK ideograph
/// costs about 0.71 tokens, a Latin word 1.1, a digit 1 (Qwen splits numbers digit by digit),
/// other punctuation 0.6. The weights here are a little above those fits, so that the estimate
/// runs about 10% high over a whole prompt: a budget measured with it errs on the safe side.
/// </summary>
public sealed class EstimatingTokenCounter : ITokenCounter
{
    private const double PerCjk = 0.78;
    private const double PerWord = 1.2;
    private const double PerDigit = 1.0;
    private const double PerOther = 0.65;

    /// <summary>A word is at least one token; a long run of letters (an id, a URL part) costs about one per 8 letters.</summary>
    private static double WordCost(int length) => length == 0 ? 0 : Math.Max(PerWord, length / 8.0);

    public int CountTokens(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        int cjk = 0, digits = 0, other = 0, wordLength = 0;
        double words = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            var isLatin = value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
            if (isLatin)
            {
                wordLength++;
                continue;
            }

            words += WordCost(wordLength);
            wordLength = 0;
            if (LanguageDetector.IsCjk(value))
            {
                cjk++;
            }
            else if (value is >= '0' and <= '9')
            {
                digits++;
            }
            else if (!System.Text.Rune.IsWhiteSpace(rune))
            {
                // Punctuation (Latin and CJK), symbols, other scripts.
                other += rune.Utf8SequenceLength > 3 ? 2 : 1;
            }
        }

        words += WordCost(wordLength);
        return (int)Math.Ceiling((PerCjk * cjk) + words + (PerDigit * digits) + (PerOther * other));
    }
}
