using System.Globalization;
using System.Text;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Tools;

/// <summary>How an order's status is told to a customer without a model, in their language.</summary>
public static class OrderStatusTexts
{
    public static string Describe(OrderStatus order, string language)
    {
        var zh = language == Languages.Chinese;
        var text = new StringBuilder();
        text.Append(zh ? $"订单 {order.OrderId} 的状态：{StatusName(order.Status, true)}。" : $"Order {order.OrderId} is {StatusName(order.Status, false)}.");
        if (order.Carrier is not null)
        {
            text.Append(zh ? $"承运商：{order.Carrier}" : $" Carrier: {order.Carrier}");
            if (order.TrackingNumber is not null)
            {
                text.Append(zh ? $"，运单号：{order.TrackingNumber}" : $", tracking number {order.TrackingNumber}");
            }

            text.Append(zh ? "。" : ".");
        }

        if (order.EstimatedDelivery is not null && order.Status is not ("delivered" or "cancelled" or "refunded" or "refunding"))
        {
            text.Append(zh ? $"预计送达：{order.EstimatedDelivery}。" : $" Estimated delivery: {order.EstimatedDelivery}.");
        }

        if (order.Items.Count > 0)
        {
            var items = string.Join(zh ? "、" : ", ", order.Items.Select(i => i.Quantity > 1 ? $"{i.Name} ×{i.Quantity}" : i.Name));
            text.Append(zh ? $"商品：{items}。" : $" Items: {items}.");
        }

        if (order.DetailsWithheld)
        {
            text.Append(zh
                ? "如需查看承运商、运单号和商品明细，请先在商城网站登录后再问我。"
                : " For the carrier, tracking number and items, sign in on the shop's website and ask me again.");
        }

        return text.ToString();
    }

    public static string StatusName(string status, bool chinese) => (status, chinese) switch
    {
        ("pending_payment", true) => "待付款",
        ("pending_payment", false) => "waiting for payment",
        ("paid", true) => "已付款，等待发货",
        ("paid", false) => "paid and waiting to be shipped",
        ("processing", true) => "仓库处理中",
        ("processing", false) => "being prepared in the warehouse",
        ("shipped", true) => "已发货",
        ("shipped", false) => "on its way",
        ("delivered", true) => "已签收",
        ("delivered", false) => "delivered",
        ("cancelled", true) => "已取消",
        ("cancelled", false) => "cancelled",
        ("refunding", true) => "退款处理中",
        ("refunding", false) => "being refunded",
        ("refunded", true) => "已退款",
        ("refunded", false) => "refunded",
        _ => status.Replace('_', ' '),
    };

    public static string NotFound(string orderId, string language) => language == Languages.Chinese
        ? $"没有查到订单 {orderId}。请核对订单号（在「我的订单」中可以看到，以 LM 开头），或转人工客服。"
        : $"I couldn't find order {orderId}. Please check the number (it is under 'My Orders' and starts with LM), or ask for a person.";

    public static string AskForOrderId(string language) => language == Languages.Chinese
        ? "请提供您的订单号（在「我的订单」中可以看到，以 LM 开头），我来帮您查询。"
        : "Please tell me your order number (you'll find it under 'My Orders'; it starts with LM) and I'll look it up.";

    public static string Unavailable(string language) => language == Languages.Chinese
        ? "抱歉，订单系统暂时无法查询。请稍后再试，或输入「转人工」由人工客服为您处理。"
        : "Sorry, I can't reach the order system right now. Please try again in a few minutes, or type \"human\" to talk to a person.";

    internal static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
