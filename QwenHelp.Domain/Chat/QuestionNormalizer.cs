using System.Text;
using QwenHelp.Domain.Text;

namespace QwenHelp.Domain.Chat;

/// <summary>
/// The form of a question the answer cache keys on: width-folded (NFKC), lower-cased, with
/// punctuation and whitespace dropped, so "How do I reset my password?" and "how do i reset my
/// password" are one question.
/// </summary>
public static class QuestionNormalizer
{
    public static string Normalize(string question)
    {
        var folded = UnicodeText.NormalizeKC(question);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0 && char.IsAsciiLetterOrDigit(c) && char.IsAsciiLetterOrDigit(builder[^1]))
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
