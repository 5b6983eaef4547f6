using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// The engine's one way to the language model: whatever <see cref="IChatClient"/> the configured backend
/// registered (or none), inside a Microsoft.Extensions.AI pipeline. Outermost first: function invocation
/// (the tool loop: the model's calls run and their results go back to it, at most
/// <see cref="ConversationOptions.MaxToolRounds"/> rounds, then one answer without tools), OpenTelemetry
/// (a span and metrics per model request, source <see cref="TelemetrySource"/>), logging, and the
/// resilience step (<see cref="ModelResilienceChatClient"/>: first-token timeout, stall timeout, circuit
/// breaker) right around the model, so every round of the tool loop has its own first-token deadline.
/// </summary>
public sealed class ModelGateway
{
    /// <summary>The ActivitySource and Meter name of the model requests (add it to an OpenTelemetry exporter).</summary>
    public const string TelemetrySource = "QwenHelp.Model";

    private readonly IChatClient? _pipeline;

    public ModelGateway(IServiceProvider services, IOptionsMonitor<ConversationOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var model = services.GetService<IChatClient>();
        _pipeline = model is null ? null : new ChatClientBuilder(model)
            .UseFunctionInvocation(loggerFactory, invoker =>
            {
                invoker.MaximumIterationsPerRequest = options.CurrentValue.MaxToolRounds;
                // The tools turn their own failures into results the model can read (ToolRunner); anything
                // else that escapes is a bug and must not be shown to the model in detail.
                invoker.IncludeDetailedErrors = false;
            })
            .UseOpenTelemetry(loggerFactory, TelemetrySource)
            .UseLogging(loggerFactory)
            .Use(inner => new ModelResilienceChatClient(inner, options))
            .Build(services);
    }

    [MemberNotNullWhen(true, nameof(_pipeline))]
    public bool IsConfigured => _pipeline is not null;

    /// <summary>
    /// A streaming answer through the pipeline. Failures (timeouts, an open circuit, the backend's errors)
    /// surface while reading; tool results arrive as <see cref="FunctionResultContent"/> updates between rounds.
    /// </summary>
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken) =>
        IsConfigured
            ? _pipeline.GetStreamingResponseAsync(messages, options, cancellationToken)
            : throw new InvalidOperationException("No language model is configured.");

    /// <summary>Why a model call failed, as recorded in <c>turn_metrics.fallback_reason</c>.</summary>
    public static string FailureReason(Exception exception) => exception switch
    {
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        _ => "error",
    };
}
