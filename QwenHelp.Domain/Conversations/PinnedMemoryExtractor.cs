using QwenHelp.Domain.Text;
using System.Text.RegularExpressions;
using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Conversations;

/// <summary>
/// Pulls the facts worth remembering out of a customer message: order numbers (the shop's own
/// pattern), phone numbers, email addresses, the customer's name when they introduce themselves,
/// and product ids (SKU, 货号, model numbers). Pure pattern matching: no model needed.
/// </summary>
public sealed partial class PinnedMemoryExtractor(Regex orderIdPattern)
{
    /// <summary>At most this many facts are kept; the oldest go first.</summary>
    public const int MaxFacts = 16;

    public Regex OrderIdPattern => orderIdPattern;

    public IReadOnlyList<PinnedFact> Extract(string message, long messageId = 0)
    {
        var facts = new List<PinnedFact>();
        if (string.IsNullOrWhiteSpace(message))
        {
            return facts;
        }

        try
        {
            ExtractInto(message, messageId, facts);
        }
        catch (RegexMatchTimeoutException)
        {
            // Keep what was found before the patterns gave up; the message is answered all the same.
        }

        return facts.DistinctBy(f => (f.Kind, f.Value)).ToList();
    }

    private void ExtractInto(string message, long messageId, List<PinnedFact> facts)
    {
        var orderIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in orderIdPattern.Matches(message))
        {
            orderIds.Add(m.Value);
            facts.Add(new PinnedFact(PinnedFactKinds.OrderId, m.Value.ToUpperInvariant(), messageId));
        }

        foreach (var (kind, value) in PersonalDataMasker.Extract(message))
        {
            // An order number is all digits after its prefix; do not also take it for a card or phone.
            if (kind is "phone" or "email" && !orderIds.Any(o => o.Contains(value, StringComparison.OrdinalIgnoreCase)))
            {
                facts.Add(new PinnedFact(kind == "phone" ? PinnedFactKinds.Phone : PinnedFactKinds.Email, value, messageId));
            }
        }

        foreach (Match m in NameEn().Matches(message))
        {
            facts.Add(new PinnedFact(PinnedFactKinds.Name, m.Groups["name"].Value.Trim(), messageId));
        }

        foreach (Match m in NameZh().Matches(message))
        {
            facts.Add(new PinnedFact(PinnedFactKinds.Name, m.Groups["name"].Value, messageId));
        }

        foreach (Match m in ProductId().Matches(message))
        {
            var value = m.Groups["id"].Value;
            if (!orderIds.Contains(value))
            {
                facts.Add(new PinnedFact(PinnedFactKinds.ProductId, value.ToUpperInvariant(), messageId));
            }
        }
    }

    /// <summary>Adds new facts to the kept ones: a repeated fact moves to the end (most recent), the oldest drop past <see cref="MaxFacts"/>.</summary>
    public static List<PinnedFact> Merge(IEnumerable<PinnedFact> kept, IEnumerable<PinnedFact> added)
    {
        var merged = kept.ToList();
        foreach (var fact in added)
        {
            merged.RemoveAll(f => f.Kind == fact.Kind && string.Equals(f.Value, fact.Value, StringComparison.OrdinalIgnoreCase));
            merged.Add(fact);
        }

        return merged.Count > MaxFacts ? merged[^MaxFacts..] : merged;
    }

    [GeneratedRegex(@"\b(?i:my name is|my name's|call me)\s+(?<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex NameEn();

    [GeneratedRegex(@"(?:我叫|我的名字是|我的名字叫|本人姓名|我姓)\s*(?<name>[\u4e00-\u9fff]{1,4}?)(?=[，,。.!！?？\s]|先生|女士|小姐|$)", RegexOptions.None, RegexTimeouts.Milliseconds)]
    private static partial Regex NameZh();

    [GeneratedRegex(@"(?:\bSKU|商品编号|商品号|商品ID|货号|型号|\bproduct\s+(?:id|code|number|no\.?)|\bitem\s+(?:id|code|number|no\.?)|\bmodel\s+(?:number|no\.?))\s*[:：#是为]?\s*(?<id>[A-Za-z0-9][A-Za-z0-9\-]{2,30})", RegexOptions.IgnoreCase, RegexTimeouts.Milliseconds)]
    private static partial Regex ProductId();
}
