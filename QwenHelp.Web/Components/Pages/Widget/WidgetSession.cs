using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Web.Widget;

namespace QwenHelp.Web.Components.Pages.Widget;

/// <summary>
/// What one open widget knows and does, apart from drawing it: the visitor's conversation (resumed
/// after a reload), sending a message and streaming the answer in, stopping it, rating answers,
/// and the agent's messages and state changes as they happen. Every change to the bubbles runs on
/// the component's renderer (through <c>dispatch</c>), never on the thread that brought the news.
/// </summary>
public sealed class WidgetSession(
    ConversationEngine engine,
    VisitorConversations conversations,
    ConversationFeed feed,
    FeedbackService feedback,
    CitationTexts citationTexts,
    TimeProvider clock,
    WidgetChatLimiter limiter,
    IHttpContextAccessor httpContext) : IDisposable
{
    // The circuit's connection, captured while the request that opened it is at hand.
    private System.Net.IPAddress? _clientAddress = httpContext.HttpContext?.Connection.RemoteIpAddress;

    private readonly List<ChatBubble> _messages = [];
    private Func<Action, Task> _dispatch = action =>
    {
        action();
        return Task.CompletedTask;
    };

    private IDisposable? _subscription;
    private CancellationTokenSource? _reply;
    private string _visitorId = "";

    /// <summary>Raised after every change; the component re-renders.</summary>
    public event Action? Changed;

    public IReadOnlyList<ChatBubble> Messages => _messages;

    public Guid? ConversationId { get; private set; }

    public ConversationState State { get; private set; } = ConversationState.Bot;

    public bool IsBusy => _reply is not null;

    /// <summary>A person has the conversation or is about to.</summary>
    public bool WithPerson => State is ConversationState.WaitingForAgent or ConversationState.Agent;

    /// <summary>The person closed the chat while this widget was open: the customer is told, and asked for a rating.</summary>
    public bool ClosedByAgent { get; private set; }

    /// <summary>Takes up the visitor's unfinished conversation, if any, and starts listening to it.</summary>
    public async Task StartAsync(string visitorId, Func<Action, Task> dispatch, CancellationToken cancellationToken)
    {
        _visitorId = visitorId;
        _dispatch = dispatch;
        _clientAddress ??= httpContext.HttpContext?.Connection.RemoteIpAddress;
        if (await conversations.LatestOpenAsync(visitorId, clock.GetUtcNow(), cancellationToken) is not { } id
            || await conversations.TranscriptAsync(id, cancellationToken) is not { } transcript)
        {
            return;
        }

        var texts = await citationTexts.FindAsync(transcript.Messages.SelectMany(m => m.Citations), cancellationToken);
        _messages.Clear();
        // The stored "your message was passed on" notices are for the record, not for the customer to read again.
        _messages.AddRange(transcript.Messages.Where(m => m.Role != MessageRole.System).Select(m => new ChatBubble(m.Role, m.Text)
        {
            MessageId = m.Id,
            Mode = m.Mode,
            Citations = m.Citations,
            CitationTexts = texts.Where(t => m.Citations.Contains(t.Key)).ToDictionary(),
            Rating = m.Rating,
        }));
        ConversationId = transcript.Id;
        State = transcript.State;
        Listen(transcript.Id);
        Changed?.Invoke();
    }

    /// <summary>Sends a message and streams the answer into a new bubble.</summary>
    /// <returns>The reason the message was refused, or null when it was accepted.</returns>
    public async Task<ChatErrorKind?> SendAsync(string text, string language, CancellationToken cancellationToken)
    {
        if (IsBusy || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!limiter.TryAcquire(WidgetChatLimiter.ClientKey(_clientAddress, _visitorId)))
        {
            return ChatErrorKind.RateLimited;
        }

        using var reply = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reply = reply;
        var question = new ChatBubble(MessageRole.Customer, text.Trim());
        var answer = new ChatBubble(MessageRole.Assistant, "") { IsStreaming = true };
        _messages.Add(question);
        // With a person on the conversation (or on the way) nobody answers each message: the one
        // "a person will reply" status says so, instead of a bot notice after every line.
        if (!WithPerson)
        {
            _messages.Add(answer);
        }

        Changed?.Invoke();
        try
        {
            await foreach (var item in engine.StreamTurnAsync(new TurnRequest(ConversationId, text, Channels.Widget, _visitorId, language), reply.Token))
            {
                if (item is TurnRefused refused)
                {
                    _messages.Remove(question);
                    _messages.Remove(answer);
                    return refused.Error;
                }

                await ApplyAsync(item, question, answer, reply.Token);
                Changed?.Invoke();
            }
        }
        catch (OperationCanceledException) when (reply.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            answer.WasStopped = true;
        }
        finally
        {
            answer.IsStreaming = false;
            _reply = null;
            Changed?.Invoke();
        }

        return null;
    }

    /// <summary>The stop button: ends the answer being streamed.</summary>
    public void Stop() => _reply?.Cancel();

    public async Task RateAsync(ChatBubble bubble, int rating, string? comment, CancellationToken cancellationToken)
    {
        if (ConversationId is { } id && bubble.MessageId is { } messageId
            && await feedback.RecordAsync(id, messageId, rating, comment, cancellationToken) == FeedbackOutcome.Saved)
        {
            bubble.Rating = rating;
            Changed?.Invoke();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _reply?.Cancel();
    }

    private async Task ApplyAsync(TurnEvent item, ChatBubble question, ChatBubble answer, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case TurnStarted started when ConversationId is null:
                ConversationId = started.ConversationId;
                Listen(started.ConversationId);
                break;
            case TurnModeChanged mode:
                answer.Mode = mode.Mode;
                break;
            case TurnTextDelta delta:
                answer.Text += delta.Text;
                break;
            case TurnAnswerReset:
                answer.Text = "";
                break;
            case TurnCitations citations:
                answer.Citations = citations.Citations;
                break;
            case TurnStateChanged state:
                State = state.State;
                break;
            case TurnCompleted completed:
                var outcome = completed.Outcome;
                question.MessageId = outcome.CustomerMessageId;
                answer.MessageId = outcome.MessageId;
                answer.Text = outcome.Answer;
                answer.Mode = outcome.Mode;
                answer.Citations = outcome.Citations;
                answer.CitationTexts = await citationTexts.FindAsync(outcome.Citations, cancellationToken);
                State = outcome.State;
                break;
        }
    }

    private void Listen(Guid conversationId)
    {
        _subscription?.Dispose();
        _subscription = feed.Subscribe(conversationId, item => _ = _dispatch(() => OnFeed(item)));
    }

    /// <summary>News from the store: an agent's reply or a change of hands (our own turns arrive through the stream).</summary>
    private void OnFeed(ConversationFeedItem item)
    {
        if (item.MessageId is null)
        {
            ClosedByAgent = item.State == ConversationState.Closed && State == ConversationState.Agent;
            State = item.State;
        }
        else if (item.Role == MessageRole.Agent && _messages.All(m => m.MessageId != item.MessageId))
        {
            _messages.Add(new ChatBubble(MessageRole.Agent, item.Text ?? "") { MessageId = item.MessageId, Mode = AnswerMode.Agent });
            State = item.State;
        }
        else
        {
            return;
        }

        Changed?.Invoke();
    }
}
