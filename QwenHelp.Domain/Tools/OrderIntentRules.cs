using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Tools;

/// <summary>
/// Recognizes, without a model, a customer asking where their order is. With an order number
/// (given now or pinned earlier) the engine calls <c>query_order_status</c>; without one it asks
/// for it. Policy questions that mention orders ("how do I cancel my order?") are left to the FAQ.
/// </summary>
public static class OrderIntentRules
{
    /// <summary>Phrases that ask for an order's status on their own.</summary>
    private static readonly AhoCorasick AskWords = new(
    [
        "订单状态", "订单到哪", "到哪了", "到哪里了", "查订单", "查询订单", "查一下订单", "物流信息", "物流状态", "物流到哪", "快递到哪", "发货了吗", "发货没",
        "where is my order", "where's my order", "order status", "status of my order", "track my order", "track my package", "where is my package", "where's my package",
    ]);

    /// <summary>Words that ask about an order's progress when an order number is at hand.</summary>
    private static readonly AhoCorasick StatusWords = new(
    [
        "物流", "快递", "发货", "运单", "配送", "什么时候到", "何时到", "还没到", "还没收到", "签收", "订单", "到了吗",
        "status", "track", "tracking", "shipped", "delivery", "delivered", "arrive", "arrived", "not received", "my order", "my package", "my parcel", "this order",
    ]);

    /// <summary>Words of a policy question (how to, may I, refunds…), which the FAQ answers better.</summary>
    private static readonly AhoCorasick PolicyWords = new(
    [
        "如何", "怎么", "怎样", "多少", "能不能", "可以吗", "可不可以", "政策", "规则", "取消", "退货", "退款", "换货", "发票", "修改", "运费",
        "how do i", "how can i", "how to", "how much", "how long", "can i", "policy", "cancel", "return", "refund", "exchange", "invoice", "change", "shipping cost", "shipping fee",
    ]);

    /// <param name="hasOrderId">The message or the pinned facts hold an order number.</param>
    public static bool AsksForOrderStatus(string message, bool hasOrderId)
    {
        var policy = PolicyWords.ContainsAny(message);
        if (AskWords.ContainsAny(message))
        {
            return hasOrderId || !policy;
        }

        return hasOrderId && !policy && StatusWords.ContainsAny(message);
    }
}
