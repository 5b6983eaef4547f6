using System.Globalization;
using System.Text;

namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>
/// Splits text the way Qwen2/Qwen3's Split pre-tokenizer pattern does:
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
/// Written out by hand over code points rather than with .NET's Regex, whose \p{L} does not match
/// letters outside the BMP (.NET regexes see UTF-16 code units). \s is JavaScript's set (the
/// reference tokenizer's), which differs from Unicode White_Space only in U+FEFF (in) and U+0085 (out).
/// </summary>
public static class QwenPreTokenizer
{
    /// <summary>The pattern as tokenizer.json spells it; a tokenizer with another pattern is refused.</summary>
    public const string Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Calls <paramref name="onPiece"/> with each piece of <paramref name="text"/>, in order; together they are the whole text.</summary>
    public static void Split(ReadOnlySpan<char> text, Action<int, int> onPiece)
    {
        ArgumentNullException.ThrowIfNull(onPiece);
        var i = 0;
        while (i < text.Length)
        {
            var length = Match(text, i);
            onPiece(i, length);
            i += length;
        }
    }

    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        Split(text, (start, length) => pieces.Add(text.Substring(start, length)));
        return pieces;
    }

    /// <summary>Length (UTF-16 units) of the match starting at <paramref name="start"/>; always at least one code point.</summary>
    private static int Match(ReadOnlySpan<char> s, int start)
    {
        var (c0, n0) = At(s, start);

        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (c0 == '\'' && start + 1 < s.Length)
        {
            var a = AsciiLower(s[start + 1]);
            if (a is 's' or 't' or 'm' or 'd')
            {
                return 2;
            }

            if (start + 2 < s.Length)
            {
                var b = AsciiLower(s[start + 2]);
                if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
                {
                    return 3;
                }
            }
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (IsLetter(c0))
        {
            return LetterRunEnd(s, start) - start;
        }

        if (c0 is not '\r' and not '\n' && !IsNumber(c0) && start + n0 < s.Length && IsLetter(At(s, start + n0).CodePoint))
        {
            return LetterRunEnd(s, start + n0) - start;
        }

        // \p{N}
        if (IsNumber(c0))
        {
            return n0;
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        var otherStart = c0 == ' ' && start + 1 < s.Length && IsOther(At(s, start + 1).CodePoint) ? start + 1 : start;
        if (IsOther(At(s, otherStart).CodePoint))
        {
            var j = otherStart;
            while (j < s.Length)
            {
                var (c, n) = At(s, j);
                if (!IsOther(c))
                {
                    break;
                }

                j += n;
            }

            while (j < s.Length && s[j] is '\r' or '\n')
            {
                j++;
            }

            return j - start;
        }

        // Only whitespace is left: c0 is \s.
        var end = start;
        var lastNewline = -1;
        while (end < s.Length)
        {
            var (c, n) = At(s, end);
            if (!IsSpace(c))
            {
                break;
            }

            if (c is '\r' or '\n')
            {
                lastNewline = end;
            }

            end += n;
        }

        // \s*[\r\n]+ : up to and including the run's last line break.
        if (lastNewline >= 0)
        {
            return lastNewline + 1 - start;
        }

        // \s+(?!\S) : the run, less its last character when a non-space follows.
        if (end == s.Length)
        {
            return end - start;
        }

        // (Every \s character is in the BMP: one UTF-16 unit.)
        if (end - 1 > start)
        {
            return end - 1 - start;
        }

        // \s+
        return end - start;
    }

    private static char AsciiLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;

    private static int LetterRunEnd(ReadOnlySpan<char> s, int j)
    {
        while (j < s.Length)
        {
            var (c, n) = At(s, j);
            if (!IsLetter(c))
            {
                break;
            }

            j += n;
        }

        return j;
    }

    /// <summary>The code point at <paramref name="i"/> and its length in UTF-16 units (a lone surrogate counts as one).</summary>
    private static (int CodePoint, int Length) At(ReadOnlySpan<char> s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            return (char.ConvertToUtf32(c, s[i + 1]), 2);
        }

        return (c, 1);
    }

    private static bool IsOther(int c) => !IsSpace(c) && !IsLetter(c) && !IsNumber(c);

    /// <summary>JavaScript's \s.</summary>
    public static bool IsSpace(int c) => c switch
    {
        >= 0x09 and <= 0x0D => true,
        0x20 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 or 0xFEFF => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    public static bool IsLetter(int c) => c < 0x80
        ? (uint)((c | 0x20) - 'a') <= 'z' - 'a'
        : !IsSurrogate(c) && Category(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    public static bool IsNumber(int c) => c < 0x80
        ? (uint)(c - '0') <= 9
        : !IsSurrogate(c) && Category(c) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static bool IsSurrogate(int c) => c is >= 0xD800 and <= 0xDFFF;

    private static UnicodeCategory Category(int c) => Rune.GetUnicodeCategory(new Rune(c));
}
