using System.Text;

namespace QwenHelp.Domain.Text;

/// <summary>
/// Text that came from outside (a customer, an integrator, an upload) checked and folded safely.
/// <see cref="string.Normalize(NormalizationForm)"/> throws on noncharacters (U+FFFE, U+FFFF,
/// U+FDD0–U+FDEF, the last two code points of every plane) and on lone surrogates, so one such
/// character stored once used to break every later job that normalised it.
/// </summary>
public static class UnicodeText
{
    /// <summary>True when the text has a lone surrogate or a noncharacter: it was cut mid-character or is not text.</summary>
    public static bool IsMalformed(string text) => IndexOfMalformed(text) >= 0;

    /// <summary>The text without lone surrogates and noncharacters (each dropped).</summary>
    public static string RemoveMalformed(string text)
    {
        var first = IndexOfMalformed(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                if (!IsNoncharacter(rune.Value))
                {
                    builder.Append(text, i, rune.Utf16SequenceLength);
                }

                i += rune.Utf16SequenceLength - 1;
            }
        }

        return builder.ToString();
    }

    /// <summary>NFKC (width folding) that never throws: malformed characters are dropped first.</summary>
    public static string NormalizeKC(string text)
    {
        var clean = RemoveMalformed(text);
        return clean.IsNormalized(NormalizationForm.FormKC) ? clean : clean.Normalize(NormalizationForm.FormKC);
    }

    private static int IndexOfMalformed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!Rune.TryGetRuneAt(text, i, out var rune))
            {
                return i;
            }

            if (IsNoncharacter(rune.Value))
            {
                return i;
            }

            i += rune.Utf16SequenceLength - 1;
        }

        return -1;
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
