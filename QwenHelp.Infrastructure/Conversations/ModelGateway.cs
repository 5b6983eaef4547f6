using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// The engine's one way to the language model (any <see cref="IChatClient"/>, or none), with
/// Polly around it: the first token must arrive within the configured time, later tokens may not
/// stall, and a circuit breaker keeps a failing backend out of turns for a while. Nothing is
/// retried: a generation is not safe to repeat (it may have called tools), and the retrieval
/// answer is always ready instead (docs/decisions/0021).
/// </summary>
public sealed class ModelGateway
{
    private readonly IChatClient? _client;
    private readonly ResiliencePipeline _firstToken;
    private readonly ResiliencePipeline _nextToken;

    public ModelGateway(IServiceProvider services, IOptionsMonitor<ConversationOptions> options)
    {
        _client = services.GetService<IChatClient>();
        var o = options.CurrentValue;
        _firstToken = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumCalls,
                SamplingDuration = TimeSpan.FromSeconds(o.BreakerSamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(o.BreakerBreakSeconds),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            })
            // Read per call: a first-token timeout saved in the admin portal applies to the next answer.
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = _ => ValueTask.FromResult(TimeSpan.FromSeconds(options.CurrentValue.FirstTokenTimeoutSeconds)),
            })
            .Build();
        _nextToken = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(o.TokenStallTimeoutSeconds)).Build();
    }

    public bool IsConfigured => _client is not null;

    /// <summary>Starts a streaming answer. Failures surface from <see cref="ModelResponse.MoveNextAsync"/>.</summary>
    public ModelResponse Open(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("No language model is configured.");
        return new ModelResponse(client, messages, options, _firstToken, _nextToken, cancellationToken);
    }

    /// <summary>Why a model call failed, as recorded in <c>turn_metrics.fallback_reason</c>.</summary>
    public static string FailureReason(Exception exception) => exception switch
    {
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        _ => "error",
    };
}

/// <summary>One streaming answer, read update by update through the gateway's timeouts.</summary>
public sealed class ModelResponse : IAsyncDisposable
{
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _cancel;
    private readonly ResiliencePipeline _firstToken;
    private readonly ResiliencePipeline _nextToken;
    private readonly Func<IAsyncEnumerator<ChatResponseUpdate>> _open;
    private IAsyncEnumerator<ChatResponseUpdate>? _updates;

    internal ModelResponse(IChatClient client, IList<ChatMessage> messages, ChatOptions options, ResiliencePipeline firstToken, ResiliencePipeline nextToken, CancellationToken cancellationToken)
    {
        _caller = cancellationToken;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _firstToken = firstToken;
        _nextToken = nextToken;
        _open = () => client.GetStreamingResponseAsync(messages, options, _cancel.Token).GetAsyncEnumerator(_cancel.Token);
    }

    public ChatResponseUpdate Current => _updates!.Current;

    public async ValueTask<bool> MoveNextAsync()
    {
        var first = _updates is null;
        var pipeline = first ? _firstToken : _nextToken;
        return await pipeline.ExecuteAsync(
            static async (stream, token) =>
            {
                // The pipeline cancels its token on timeout; the model's own stream listens to ours.
                await using var link = token.Register(static s => ((CancellationTokenSource)s!).Cancel(), stream._cancel);
                stream._updates ??= stream._open();
                return await stream._updates.MoveNextAsync();
            },
            this,
            // The caller's token, not ours: Polly tells its own timeout from the caller giving up by it.
            _caller);
    }

    public async ValueTask DisposeAsync()
    {
        if (_updates is not null)
        {
            await _cancel.CancelAsync();
            try
            {
                await _updates.DisposeAsync();
            }
            catch (OperationCanceledException)
            {
                // Stopping a stream we no longer read.
            }
        }

        _cancel.Dispose();
    }
}
