using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Text;

/// <summary>Tells Chinese from English text by its share of CJK ideographs.</summary>
public static class LanguageDetector
{
    /// <summary>
    /// Returns <c>zh</c> when CJK characters make up at least a fifth of the letters, else <c>en</c>;
    /// <paramref name="fallback"/> when the text has no letters at all (digits, emoji, punctuation).
    /// A fifth, not a half: "我的order还没到" is a Chinese sentence with one English word in it.
    /// </summary>
    public static string Detect(string? text, string fallback = Languages.English)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        int cjk = 0, letters = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune.Value))
            {
                cjk++;
                letters++;
            }
            else if (System.Text.Rune.IsLetter(rune))
            {
                letters++;
            }
        }

        if (letters == 0)
        {
            return fallback;
        }

        return cjk * 5 >= letters ? Languages.Chinese : Languages.English;
    }

    /// <summary>CJK Unified Ideographs and their extensions, plus the compatibility block.</summary>
    public static bool IsCjk(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF)
            or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x20000 and <= 0x2EBEF)
            or (>= 0xF900 and <= 0xFAFF);
}
