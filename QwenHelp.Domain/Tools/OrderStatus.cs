namespace QwenHelp.Domain.Tools;

/// <summary>What the order system says about one order; what the assistant may tell the customer (see <see cref="OrderDisclosure"/>).</summary>
/// <param name="Status">E.g. <c>pending_payment</c>, <c>paid</c>, <c>processing</c>, <c>shipped</c>, <c>delivered</c>, <c>cancelled</c>, <c>refunding</c>, <c>refunded</c>.</param>
/// <param name="Owner">The shop's customer id or email of whoever placed it; only compared, never shown. Null once disclosed.</param>
/// <param name="DetailsWithheld">True when carrier, tracking number, dates and items were left out because the visitor has not proved the order is theirs.</param>
public sealed record OrderStatus(
    string OrderId,
    string Status,
    string? Carrier,
    string? TrackingNumber,
    DateTimeOffset? PlacedAt,
    string? EstimatedDelivery,
    IReadOnlyList<OrderItem> Items,
    string? Owner = null,
    bool DetailsWithheld = false);

public sealed record OrderItem(string Name, int Quantity, decimal Price);

/// <summary>The shop's order system, as the assistant sees it.</summary>
public interface IOrderStatusSource
{
    /// <returns>The order, or null when there is no order with that number.</returns>
    /// <exception cref="OrderSystemUnavailableException">The order system did not answer properly.</exception>
    Task<OrderStatus?> FindAsync(string orderId, CancellationToken cancellationToken);
}

/// <summary>The order system failed or answered something unreadable; the message says what, for the log.</summary>
public sealed class OrderSystemUnavailableException : Exception
{
    public OrderSystemUnavailableException()
    {
    }

    public OrderSystemUnavailableException(string message)
        : base(message)
    {
    }

    public OrderSystemUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
