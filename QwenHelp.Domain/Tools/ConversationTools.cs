using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenHelp.Domain.Tools;

/// <summary>The functions the model may call, with their JSON schemas.</summary>
public static class ConversationTools
{
    public const string QueryOrderStatus = "query_order_status";
    public const string CreateTicket = "create_ticket";
    public const string HandoffToHuman = "handoff_to_human";

    public static AIFunctionDeclaration QueryOrderStatusDeclaration { get; } = AIFunctionFactory.CreateDeclaration(
        QueryOrderStatus,
        "Look up an order's status, carrier, tracking number and estimated delivery by its order number.",
        Schema("""
            {"type":"object","properties":{"order_id":{"type":"string","description":"The order number the customer gave, e.g. LM20260001234."}},"required":["order_id"],"additionalProperties":false}
            """));

    public static AIFunctionDeclaration CreateTicketDeclaration { get; } = AIFunctionFactory.CreateDeclaration(
        CreateTicket,
        "Open a support ticket for a follow-up by the support team (for problems that cannot be solved in the chat).",
        Schema("""
            {"type":"object","properties":{"summary":{"type":"string","description":"What the customer needs, in one or two sentences."},"contact":{"type":"string","description":"How to reach the customer: the phone number or email they gave."}},"required":["summary","contact"],"additionalProperties":false}
            """));

    public static AIFunctionDeclaration HandoffToHumanDeclaration { get; } = AIFunctionFactory.CreateDeclaration(
        HandoffToHuman,
        "Hand the conversation to a human agent, when the customer asks for one or the assistant cannot help.",
        Schema("""
            {"type":"object","properties":{"reason":{"type":"string","description":"Why a person should take over."}},"required":["reason"],"additionalProperties":false}
            """));

    public static IReadOnlyList<AITool> All { get; } = [QueryOrderStatusDeclaration, CreateTicketDeclaration, HandoffToHumanDeclaration];

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
