using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Tools;

/// <summary>
/// Recognizes, without a model, a customer asking where their order is: order/delivery words in
/// Chinese or English. With an order number (given now or pinned earlier) the engine calls
/// <c>query_order_status</c>; without one it asks for it.
/// </summary>
public static class OrderIntentRules
{
    private static readonly AhoCorasick StatusWords = new(
    [
        "订单状态", "订单到哪", "到哪了", "到哪里了", "物流", "快递", "发货", "运单", "配送进度", "什么时候到", "何时到", "还没到", "还没收到", "签收", "查订单", "查询订单", "查一下订单", "订单",
        "order status", "where is my order", "where's my order", "status of my order", "track", "tracking", "shipped", "shipping status", "delivery status",
        "not arrived", "hasn't arrived", "has not arrived", "not received", "when will my order", "when will it arrive", "my order", "my package", "my parcel",
    ]);

    /// <summary>Words that make an order-word message a policy question instead ("how do I cancel an order"): left to the FAQ.</summary>
    private static readonly AhoCorasick PolicyWords = new(
    [
        "如何", "怎么", "怎样", "能不能", "可以吗", "政策", "规则", "取消订单", "退货", "退款", "换货", "发票", "修改地址", "运费",
        "how do i", "how can i", "how to", "policy", "cancel", "return", "refund", "exchange", "invoice", "change the address", "shipping cost", "shipping fee",
    ]);

    /// <param name="hasOrderId">The message or the pinned facts hold an order number.</param>
    public static bool AsksForOrderStatus(string message, bool hasOrderId)
    {
        var words = StatusWords.FindAll(message);
        if (words.Count == 0)
        {
            return false;
        }

        if (!PolicyWords.ContainsAny(message))
        {
            return true;
        }

        // "My order LM… hasn't arrived, can I get a refund?" is about that order; a policy question without a number is not.
        return hasOrderId && words.Any(w => StatusWords.TermOf(w) is not ("订单" or "my order"));
    }
}
