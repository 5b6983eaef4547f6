using System.Globalization;
using System.Text.Json;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>
/// Reads an order from the JSON an order system returns: camelCase or snake_case names
/// (<c>orderId</c>/<c>order_id</c>, <c>trackingNumber</c>/<c>tracking_number</c>…), optional fields null.
/// The customer's id or email is read only to tell whether the visitor asking is the one who ordered
/// (<see cref="OrderDisclosure"/>); it is never passed to the model.
/// </summary>
public static class OrderJson
{
    public static OrderStatus Parse(JsonElement order)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An order must be a JSON object.");
        }

        var id = Text(order, "orderId", "order_id", "id") ?? throw new JsonException("The order has no orderId.");
        var status = Text(order, "status", "state") ?? throw new JsonException("The order has no status.");
        var items = new List<OrderItem>();
        if (Property(order, "items") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                items.Add(new OrderItem(
                    Text(item, "name", "title") ?? "?",
                    Property(item, "quantity", "qty") is { ValueKind: JsonValueKind.Number } q ? q.GetInt32() : 1,
                    Property(item, "price") is { ValueKind: JsonValueKind.Number } p ? p.GetDecimal() : 0m));
            }
        }

        DateTimeOffset? placed = DateTimeOffset.TryParse(Text(order, "placedAt", "placed_at", "createdAt", "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new OrderStatus(
            id,
            status.Trim().ToLowerInvariant().Replace(' ', '_'),
            Text(order, "carrier"),
            Text(order, "trackingNumber", "tracking_number", "tracking"),
            placed,
            Text(order, "estimatedDelivery", "estimated_delivery", "eta"),
            items,
            Text(order, "customerId", "customer_id", "customerEmail", "customer_email"));
    }

    private static JsonElement? Property(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, params string[] names) => Property(element, names) is { } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;
}
