using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>
/// Runs the assistant's tools (<c>query_order_status</c>, <c>create_ticket</c>, <c>handoff_to_human</c>)
/// for the model or for the engine's rules: validates the arguments, enforces the call timeout,
/// turns every failure into a result the model can read, and records each call.
/// </summary>
public sealed partial class ToolRunner(IOrderStatusSource orders, TicketService tickets, IOptions<ToolOptions> options, TimeProvider clock, ILogger<ToolRunner> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ToolOutcome> InvokeAsync(string name, IDictionary<string, object?>? arguments, ToolContext context, string caller, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var args = arguments ?? new Dictionary<string, object?>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.CallTimeoutSeconds));
        JsonObject result;
        string? error = null;
        try
        {
            result = name switch
            {
                ConversationTools.QueryOrderStatus => await QueryOrderAsync(Argument(args, "order_id"), context, timeout.Token),
                ConversationTools.CreateTicket => await CreateTicketAsync(Argument(args, "summary"), Argument(args, "contact"), context, timeout.Token),
                ConversationTools.HandoffToHuman => Handoff(Argument(args, "reason"), context),
                _ => throw new ToolArgumentException($"There is no tool named '{name}'."),
            };
        }
        catch (ToolArgumentException ex)
        {
            error = ex.Message;
            result = new JsonObject { ["error"] = ex.Message };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "timeout";
            result = new JsonObject { ["error"] = "The tool did not answer in time. Tell the customer it is unavailable right now." };
        }
        catch (OrderSystemUnavailableException ex)
        {
            LogToolFailed(name, ex.Message);
            error = ex.Message;
            result = new JsonObject { ["error"] = "The order system is unavailable right now. Apologize and offer to try later or a human agent." };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing tool must never fail the turn: the model (or the rule) gets an error to talk about.
            LogToolFailed(name, ex.Message);
            error = ex.GetType().Name + ": " + ex.Message;
            result = new JsonObject { ["error"] = "The tool failed. Apologize and offer a human agent." };
        }

        var resultJson = result.ToJsonString(Json);
        var record = new ToolCallRecord
        {
            ConversationId = context.ConversationId,
            Name = name,
            Arguments = JsonSerializer.Serialize(args, Json),
            Result = resultJson,
            Succeeded = error is null,
            Error = error,
            DurationMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Caller = caller,
            CreatedAt = clock.GetUtcNow(),
        };
        context.Calls.Add(record);
        return new ToolOutcome(name, error is null, resultJson, result, record);
    }

    private async Task<JsonObject> QueryOrderAsync(string orderId, ToolContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.CreateOrderIdRegex().IsMatch(orderId))
        {
            throw new ToolArgumentException($"'{orderId}' is not an order number; order numbers look like LM20260001234.");
        }

        var found = await orders.FindAsync(orderId, cancellationToken);
        if (found is null)
        {
            return new JsonObject { ["found"] = false, ["order_id"] = orderId };
        }

        // What this visitor may learn, decided here so that every caller of the tool gets the same rule.
        var order = OrderDisclosure.For(found, context.VisitorId);

        context.Orders.Add(order);
        var json = JsonSerializer.SerializeToNode(order, Json)!.AsObject();
        json["found"] = true;
        return json;
    }

    private async Task<JsonObject> CreateTicketAsync(string summary, string contact, ToolContext context, CancellationToken cancellationToken)
    {
        if (context.DryRun)
        {
            return new JsonObject { ["ticket_id"] = 0, ["status"] = "dry_run" };
        }

        var ticket = await tickets.CreateAsync(context.ConversationExists ? context.ConversationId : null, summary, contact, cancellationToken);
        context.TicketIds.Add(ticket.Id);
        return new JsonObject { ["ticket_id"] = ticket.Id, ["status"] = ticket.Status };
    }

    private static JsonObject Handoff(string reason, ToolContext context)
    {
        context.HandoffRequested = new HandoffDecision(HandoffReasons.ModelRequest, reason.Length > 200 ? reason[..200] : reason);
        return new JsonObject { ["handed_off"] = true };
    }

    private static string Argument(IDictionary<string, object?> args, string name)
    {
        if (!args.TryGetValue(name, out var value) || value is null)
        {
            throw new ToolArgumentException($"The argument '{name}' is required.");
        }

        var text = value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement e => e.GetRawText(),
            _ => value.ToString(),
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ToolArgumentException($"The argument '{name}' is empty.");
        }

        return text.Trim();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} failed: {Error}")]
    private partial void LogToolFailed(string tool, string error);
}

/// <summary>What the tools of one turn did: the calls, the orders found, the tickets opened, a handoff asked for.</summary>
public sealed class ToolContext(Guid conversationId, bool conversationExists)
{
    private static readonly AsyncLocal<ToolContext?> CurrentTurn = new();

    /// <summary>
    /// The turn the model's tool calls belong to, set by the engine around its model request: the pipeline's
    /// function invocation runs the tools inside that request, so they find their turn here.
    /// </summary>
    public static ToolContext? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public Guid ConversationId { get; } = conversationId;

    public bool ConversationExists { get; } = conversationExists;

    /// <summary>Who is asking: decides how much of an order the tools tell (<see cref="OrderDisclosure"/>).</summary>
    public string? VisitorId { get; init; }

    /// <summary>A dry run: tools that would change something (a ticket) only say what they would do.</summary>
    public bool DryRun { get; init; }

    public List<ToolCallRecord> Calls { get; } = [];

    public List<OrderStatus> Orders { get; } = [];

    public List<long> TicketIds { get; } = [];

    public HandoffDecision? HandoffRequested { get; set; }
}

/// <param name="ResultJson">What is fed back to the model.</param>
public sealed record ToolOutcome(string Name, bool Succeeded, string ResultJson, JsonObject Result, ToolCallRecord Record);

/// <summary>The model called a tool wrongly; the message goes back to it.</summary>
public sealed class ToolArgumentException(string message) : Exception(message);
