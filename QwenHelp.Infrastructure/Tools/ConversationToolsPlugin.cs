using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>
/// The assistant's tools as a Semantic Kernel plugin, offered to the model as <see cref="AIFunction"/>s
/// (<see cref="Functions"/>) and run by the pipeline's function invocation. Each function only hands its
/// arguments to <see cref="ToolRunner"/>, which validates them, enforces the timeout, applies what the
/// tool may reveal, records the call in the turn's <see cref="ToolContext"/> and turns every failure into a
/// result the model can read: the rules live there, once, for the model and for the engine's own rules.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "The parameter names are the tools' argument names on the wire (order_id, ...), which the prompts and the models use.")]
public sealed class ConversationToolsPlugin
{
    private readonly ToolRunner _runner;

    public ConversationToolsPlugin(ToolRunner runner)
    {
        _runner = runner;
        // Functions without a plugin name: the model sees query_order_status, not ConversationTools_query_order_status.
        Functions = [.. GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<KernelFunctionAttribute>() is not null)
            .Select(Create)];
    }

    /// <summary>The functions, in the order of <see cref="ConversationTools.All"/>.</summary>
    public IReadOnlyList<AITool> Functions { get; }

    [KernelFunction(ConversationTools.QueryOrderStatus)]
    [Description("Look up an order's status, carrier, tracking number and estimated delivery by its order number.")]
    public Task<string> QueryOrderStatusAsync(
        [Description("The order number the customer gave, e.g. LM20260001234.")] string? order_id = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = order_id }, cancellationToken);

    [KernelFunction(ConversationTools.CreateTicket)]
    [Description("Open a support ticket for a follow-up by the support team (for problems that cannot be solved in the chat).")]
    public Task<string> CreateTicketAsync(
        [Description("What the customer needs, in one or two sentences.")] string? summary = null,
        [Description("How to reach the customer: the phone number or email they gave.")] string? contact = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(ConversationTools.CreateTicket, new Dictionary<string, object?> { ["summary"] = summary, ["contact"] = contact }, cancellationToken);

    [KernelFunction(ConversationTools.HandoffToHuman)]
    [Description("Hand the conversation to a human agent, when the customer asks for one or the assistant cannot help.")]
    public async Task<string> HandoffToHumanAsync(
        [Description("Why a person should take over.")] string? reason = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(ConversationTools.HandoffToHuman, new Dictionary<string, object?> { ["reason"] = reason }, cancellationToken);
        if (ToolContext.Current?.HandoffRequested is not null && FunctionInvokingChatClient.CurrentContext is { } invocation)
        {
            // A person takes over: the model is not asked again after this round.
            invocation.Terminate = true;
        }

        return result;
    }

    /// <summary>
    /// The method as a function whose every argument the model is told is required. The parameters have
    /// defaults only so that a call without one still reaches ToolRunner, which tells the model which
    /// argument is missing and records the failed call (Semantic Kernel would refuse it before that).
    /// </summary>
    private AITool Create(MethodInfo method)
    {
        var described = KernelFunctionFactory.CreateFromMethod(method, this);
        var required = described.Metadata.Parameters.Select(p => new KernelParameterMetadata(p) { IsRequired = true, DefaultValue = null }).ToList();
        return KernelFunctionFactory.CreateFromMethod(method, this, described.Name, described.Description, required, described.Metadata.ReturnParameter);
    }

    private async Task<string> RunAsync(string name, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var context = ToolContext.Current ?? throw new InvalidOperationException("A tool ran outside a turn (ToolContext.Current is not set).");
        // Arguments the model left out are not passed at all: ToolRunner says which one is required.
        foreach (var missing in arguments.Where(a => a.Value is null).Select(a => a.Key).ToList())
        {
            arguments.Remove(missing);
        }

        var outcome = await _runner.InvokeAsync(name, arguments, context, ToolCallRecord.ModelCaller, cancellationToken);
        return outcome.ResultJson;
    }
}
