using System.Text;
using System.Text.RegularExpressions;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Datasets;

/// <summary>
/// Takes personal data out of text that goes into a fine-tuning set: order numbers (the shop's
/// pattern), phone numbers, e-mail addresses, identity and bank-card numbers (found as the output
/// guardrail finds them, <see cref="PersonalDataMasker"/>), and the names customers give ("my name
/// is…", "我叫…", found as pinned memory finds them, <see cref="PinnedMemoryExtractor"/>), each
/// replaced by a placeholder such as <c>[PHONE]</c>. Values that appear in the shop's own published
/// text (its FAQ: the service hotline, the support address) are not personal and stay.
/// </summary>
public sealed class TrainingDataMasker
{
    public const string OrderId = "[ORDER_ID]";
    public const string Name = "[NAME]";

    private readonly Regex _orderId;
    private readonly PinnedMemoryExtractor _extractor;
    private readonly HashSet<string> _public = new(StringComparer.Ordinal);

    /// <param name="orderIdPattern">What an order number looks like.</param>
    /// <param name="publicTexts">The shop's own published texts, whose contact details are not masked.</param>
    public TrainingDataMasker(Regex orderIdPattern, IEnumerable<string> publicTexts)
    {
        ArgumentNullException.ThrowIfNull(publicTexts);
        _orderId = orderIdPattern;
        _extractor = new PinnedMemoryExtractor(orderIdPattern);
        foreach (var text in publicTexts)
        {
            foreach (var (_, value) in PersonalDataMasker.Extract(text))
            {
                _public.Add(Normalize(value));
            }
        }
    }

    /// <summary>The names customers gave in these texts (to mask wherever they appear in the same example).</summary>
    public IReadOnlyList<string> NamesIn(IEnumerable<string> customerTexts) =>
        customerTexts.SelectMany(t => _extractor.Extract(t)).Where(f => f.Kind == PinnedFactKinds.Name).Select(f => f.Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The text with personal data replaced; <paramref name="names"/> are masked wherever they appear.</summary>
    public string Mask(string text, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        try
        {
            text = _orderId.Replace(text, OrderId);
            // Found on the width-folded text (１３８… is the same number to a reader), replaced in the original by
            // position, so the rest of the text keeps its full-width punctuation.
            // Longest first (an 18-digit id number wins over a phone number inside it), then replaced from the end.
            var chosen = new List<(string Kind, int Index, int Length)>();
            foreach (var (kind, index, length, value) in PersonalDataMasker.Locate(text).OrderByDescending(f => f.Length))
            {
                if (!_public.Contains(Normalize(value)) && !chosen.Any(c => index < c.Index + c.Length && c.Index < index + length))
                {
                    chosen.Add((kind, index, length));
                }
            }

            var builder = new StringBuilder(text);
            foreach (var (kind, index, length) in chosen.OrderByDescending(c => c.Index))
            {
                builder.Remove(index, length).Insert(index, "[" + kind.ToUpperInvariant() + "]");
            }

            text = builder.ToString();
        }
        catch (RegexMatchTimeoutException)
        {
            // Could not be checked in time: fail closed, no digit or address leaves unmasked.
            text = new string(text.Select(c => char.IsAsciiDigit(PersonalDataMasker.FoldWidth(c)) || PersonalDataMasker.FoldWidth(c) == '@' ? '*' : c).ToArray());
        }

        foreach (var name in names.OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, Name, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Normalize(string value) => value.Contains('@', StringComparison.Ordinal)
        ? value.ToLowerInvariant()
        : new string(value.Where(char.IsAsciiLetterOrDigit).ToArray());
}
