namespace QwenHelp.Domain.Conversations;

/// <summary>
/// A fact the customer gave (an order number, a phone number…), kept in the prompt after the turn
/// it came in has slid out of the history window.
/// </summary>
/// <param name="Kind">One of <see cref="PinnedFactKinds"/>.</param>
/// <param name="MessageId">The customer message it came from (0 before that message is stored).</param>
public sealed record PinnedFact(string Kind, string Value, long MessageId = 0);

public static class PinnedFactKinds
{
    public const string OrderId = "order_id";
    public const string Phone = "phone";
    public const string Email = "email";
    public const string Name = "name";
    public const string ProductId = "product_id";

    public static string Label(string kind, string language) => (kind, language == Knowledge.Languages.Chinese) switch
    {
        (OrderId, true) => "订单号",
        (OrderId, false) => "Order number",
        (Phone, true) => "电话",
        (Phone, false) => "Phone",
        (Email, true) => "邮箱",
        (Email, false) => "Email",
        (Name, true) => "称呼",
        (Name, false) => "Name",
        (ProductId, true) => "商品编号",
        (ProductId, false) => "Product id",
        _ => kind,
    };
}
