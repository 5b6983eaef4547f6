using System.Text.Json;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>
/// The built-in order system of the demo shop: the sample orders in Seeding/DemoData/orders.json,
/// read once. Used when no order-system endpoint is configured.
/// </summary>
public sealed class DemoOrderStore : IOrderStatusSource
{
    private readonly Lazy<Dictionary<string, OrderStatus>> _orders = new(Load);

    public IReadOnlyCollection<OrderStatus> All => _orders.Value.Values;

    public Task<OrderStatus?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.Value.GetValueOrDefault(orderId.Trim()));

    private static Dictionary<string, OrderStatus> Load()
    {
        using var stream = typeof(DemoOrderStore).Assembly.GetManifestResourceStream("DemoData/orders.json")
            ?? throw new InvalidDataException("The embedded demo order file DemoData/orders.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.EnumerateArray().Select(OrderJson.Parse).ToDictionary(o => o.OrderId, StringComparer.OrdinalIgnoreCase);
    }
}
