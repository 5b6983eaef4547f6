namespace QwenHelp.Domain.Tools;

/// <summary>
/// What a visitor may learn about an order by its number (docs/decisions/0160-order-lookup-disclosure.md).
/// Order numbers are sequential, so anyone can guess a neighbour's: an unproven visitor learns the status
/// alone. Carrier, tracking number, dates and items go to the customer who placed the order (a widget
/// visitor signed in by the host site, whose user id is the order's customer id or email) and to an
/// integrator calling with an API key made by an admin.
/// </summary>
public static class OrderDisclosure
{
    /// <summary>The visitor-id prefix of a customer signed in by the host site: <c>site:KEY:user:USER_ID</c>.</summary>
    private const string SignedUserMarker = ":user:";

    /// <summary>The order as this visitor may see it; the owner field is never passed on.</summary>
    public static OrderStatus For(OrderStatus order, string? visitorId) => MaySeeDetails(order, visitorId)
        ? order with { Owner = null, DetailsWithheld = false }
        : new OrderStatus(order.OrderId, order.Status, null, null, null, null, [], null, DetailsWithheld: true);

    public static bool MaySeeDetails(OrderStatus order, string? visitorId)
    {
        if (string.IsNullOrEmpty(visitorId))
        {
            return false;
        }

        if (visitorId.StartsWith("apikey:", StringComparison.Ordinal))
        {
            return true;
        }

        var marker = visitorId.StartsWith("site:", StringComparison.Ordinal) ? visitorId.IndexOf(SignedUserMarker, StringComparison.Ordinal) : -1;
        return marker >= 0
            && !string.IsNullOrWhiteSpace(order.Owner)
            && string.Equals(visitorId[(marker + SignedUserMarker.Length)..], order.Owner.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
