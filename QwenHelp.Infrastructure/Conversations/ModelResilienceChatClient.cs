using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// The model gateway as a step of the chat pipeline: each request to the language model must send its
/// first update within the configured time, later updates may not stall, and a circuit breaker keeps a
/// failing backend out of turns for a while. Nothing is retried: a generation is not safe to repeat, and
/// the engine answers from retrieval instead (docs/decisions/0021). Failures surface as Polly's
/// <see cref="TimeoutRejectedException"/> and <see cref="BrokenCircuitException"/> (<see cref="ModelGateway.FailureReason"/>).
/// </summary>
public sealed class ModelResilienceChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _firstToken;
    private readonly ResiliencePipeline _nextToken;

    public ModelResilienceChatClient(IChatClient inner, IOptionsMonitor<ConversationOptions> options)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(options);
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

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new GuardedStream(token => InnerClient.GetStreamingResponseAsync(messages, options, token), _firstToken, _nextToken, cancellationToken);
        while (await stream.MoveNextAsync())
        {
            yield return stream.Current;
        }
    }

    /// <summary>One streaming answer, read update by update through the timeouts.</summary>
    private sealed class GuardedStream(
        Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> open, ResiliencePipeline firstToken, ResiliencePipeline nextToken, CancellationToken caller) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(caller);
        private IAsyncEnumerator<ChatResponseUpdate>? _updates;

        public ChatResponseUpdate Current => _updates!.Current;

        public async ValueTask<bool> MoveNextAsync()
        {
            var pipeline = _updates is null ? firstToken : nextToken;
            return await pipeline.ExecuteAsync(
                static async (stream, token) =>
                {
                    // The pipeline cancels its token on timeout; the model's own stream listens to ours.
                    await using var link = token.Register(static s => ((CancellationTokenSource)s!).Cancel(), stream._cancel);
                    stream._updates ??= stream.Open();
                    return await stream._updates.MoveNextAsync();
                },
                this,
                // The caller's token, not ours: Polly tells its own timeout from the caller giving up by it.
                caller);
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

        private IAsyncEnumerator<ChatResponseUpdate> Open() => open(_cancel.Token).GetAsyncEnumerator(_cancel.Token);
    }
}
