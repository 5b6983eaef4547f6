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

        // Full-width digits (１３８…) are the same number to a reader; fold them so they are found and replaced.
        text = PersonalDataMasker.FoldWidth(text);
        try
        {
            text = _orderId.Replace(text, OrderId);
            foreach (var (kind, value) in PersonalDataMasker.Extract(text).OrderByDescending(f => f.Value.Length).ToList())
            {
                if (!_public.Contains(Normalize(value)))
                {
                    text = text.Replace(value, "[" + kind.ToUpperInvariant() + "]", StringComparison.Ordinal);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Could not be checked in time: fail closed, no digit or address leaves unmasked.
            text = new string(text.Select(c => char.IsAsciiDigit(c) || c == '@' ? '*' : c).ToArray());
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
