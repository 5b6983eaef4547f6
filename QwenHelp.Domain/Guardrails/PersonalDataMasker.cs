using QwenHelp.Domain.Text;
using System.Text.RegularExpressions;

namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Masks phone numbers, email addresses and identity/bank-card numbers in generated text unless
/// the value came from somewhere the assistant may quote: the customer's own messages, this turn's
/// knowledge passages or tool results. A model must not invent contact details or echo another
/// customer's. Masking keeps the length (digits and letters become asterisks, the last few stay),
/// so the streaming filter can release text in slices.
/// </summary>
public sealed partial class PersonalDataMasker
{
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly bool _enabled = true;

    private PersonalDataMasker() => _enabled = false;

    /// <summary>A masker that masks nothing (the feature switched off).</summary>
    public static PersonalDataMasker Off { get; } = new();

    /// <param name="allowedSources">Texts whose personal data may appear in the answer.</param>
    public PersonalDataMasker(IEnumerable<string> allowedSources)
    {
        foreach (var source in allowedSources)
        {
            Allow(source);
        }
    }

    /// <summary>Adds a text whose values may appear (a tool result that arrived mid-answer).</summary>
    public void Allow(string source)
    {
        try
        {
            foreach (var (_, match) in FindAll(source))
            {
                _allowed.Add(Normalize(match.Value));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Nothing from an unreadable source is allowed: its values get masked.
        }
    }

    /// <summary>Masks in place, within <paramref name="start"/>..<paramref name="end"/> of <paramref name="chars"/>.</summary>
    /// <returns>The kinds of data masked (e.g. <c>phone</c>), one per value.</returns>
    public List<string> MaskInPlace(char[] chars, int start, int end)
    {
        var masked = new List<string>();
        if (!_enabled)
        {
            return masked;
        }

        var text = new string(chars, start, end - start);
        try
        {
            foreach (var (kind, match) in FindAll(text).ToList())
            {
                if (_allowed.Contains(Normalize(match.Value)))
                {
                    continue;
                }

                Mask(chars, start + match.Index, match.Length, kind);
                masked.Add(kind);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Could not be checked in time: fail closed, no digit or address leaves unmasked.
            for (var i = start; i < end; i++)
            {
                if (char.IsAsciiDigit(chars[i]) || chars[i] == '@')
                {
                    chars[i] = '*';
                }
            }

            masked.Add("unchecked");
        }

        return masked;
    }

    public string Mask(string text, out List<string> kinds)
    {
        var chars = text.ToCharArray();
        kinds = MaskInPlace(chars, 0, chars.Length);
        return new string(chars);
    }

    /// <summary>Whether <paramref name="c"/> can be part of a phone number, email or id; the streaming filter holds such runs back until they end.</summary>
    public static bool IsValueChar(char c) => char.IsAsciiLetterOrDigit(FoldWidth(c)) || FoldWidth(c) is '@' or '.' or '_' or '+' or '-' or '%';

    /// <summary>
    /// A full-width ASCII character (１３８…, ＠, －) as its ASCII form, anything else as it is. One UTF-16 unit
    /// for one, so positions in a folded copy are positions in the original: １３８１２３４５６７８ is a phone number too.
    /// </summary>
    public static char FoldWidth(char c) => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;

    /// <summary>The text with full-width ASCII folded (<see cref="FoldWidth(char)"/>); the same length.</summary>
    public static string FoldWidth(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = FoldWidth(source[i]);
        }
    });

    /// <summary>The phone numbers, emails and id/card numbers in a text, as (kind, value).</summary>
    public static IEnumerable<(string Kind, string Value)> Extract(string text) => FindAll(text).Select(f => (f.Kind, f.Match.Value));

    /// <summary>
    /// Where the phone numbers, emails and id/card numbers are, as (kind, index, length, folded value). Found on the
    /// width-folded text, whose positions are the original's, so a caller can replace them without folding the rest.
    /// </summary>
    public static IEnumerable<(string Kind, int Index, int Length, string Value)> Locate(string text) =>
        FindAll(text).Select(f => (f.Kind, f.Match.Index, f.Match.Length, f.Match.Value));

    private static IEnumerable<(string Kind, Match Match)> FindAll(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        text = FoldWidth(text);
        foreach (Match m in Email().Matches(text))
        {
            yield return ("email", m);
        }

        foreach (Match m in ChineseId().Matches(text))
        {
            yield return ("id_number", m);
        }

        foreach (Match m in CardNumber().Matches(text))
        {
            if (PassesLuhn(m.Value))
            {
                yield return ("card_number", m);
            }
        }

        foreach (Match m in Phone().Matches(text))
        {
            yield return ("phone", m);
        }
    }

    private static string Normalize(string value)
    {
        if (value.Contains('@', StringComparison.Ordinal))
        {
            return value.ToLowerInvariant();
        }

        var digits = new string(FoldWidth(value).Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        // +86 13800138000 and 13800138000 are the same mobile number.
        return digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal) ? digits[2..] : digits;
    }

    private static void Mask(char[] chars, int start, int length, string kind)
    {
        if (kind == "email")
        {
            var at = Array.IndexOf(chars, '@', start, length);
            for (var i = start + 1; i < at; i++)
            {
                chars[i] = '*';
            }

            return;
        }

        // Keep the last four digits, as receipts do, so the customer can still tell which it was.
        var keep = 4;
        for (var i = start + length - 1; i >= start; i--)
        {
            if (!char.IsAsciiLetterOrDigit(FoldWidth(chars[i])))
            {
                continue;
            }

            if (keep > 0)
            {
                keep--;
                continue;
            }

            chars[i] = '*';
        }
    }

    private static bool PassesLuhn(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex Email();

    /// <summary>Mainland mobile (with or without +86), landline with area code, 400/800 service numbers, and +CC international numbers.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:(?:\+?86[\- ]?)?1[3-9][0-9](?:[\- ]?[0-9]{4}){2}|0[0-9]{2,3}-[0-9]{7,8}|[48]00-?[0-9]{3}-?[0-9]{4}|\+[1-9][0-9]{0,2}(?:[\- ]?[0-9]{2,4}){2,5})(?![0-9A-Za-z])", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex Phone();

    /// <summary>The 18-character resident identity number, and the 15-digit one issued before 1999 (two-digit year, no check digit).</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]|[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3})(?![0-9A-Za-z])", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex ChineseId();

    /// <summary>16–19 digits in groups of four, and the 15 digits of American Express (4-6-5); a Luhn check follows.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[0-9]{4}(?:[ \-]?[0-9]{4}){3}[0-9]{0,3}|[0-9]{4}[ \-]?[0-9]{6}[ \-]?[0-9]{5})(?![0-9A-Za-z])", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex CardNumber();
}
