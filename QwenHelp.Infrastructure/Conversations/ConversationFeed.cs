using System.Collections.Concurrent;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Live news of conversations inside this process: a stored message or a change of hands. The
/// customer's widget listens to its own conversation (agent replies appear without reload); the
/// agent console listens to all of them (the queue and the open transcript). Published by the
/// conversation store after each commit, so nothing is announced that was not stored.
/// </summary>
public sealed class ConversationFeed
{
    private readonly ConcurrentDictionary<Guid, Subscribers> _byConversation = new();
    private readonly Subscribers _all = new();

    public IDisposable Subscribe(Guid conversationId, Action<ConversationFeedItem> handler) =>
        _byConversation.GetOrAdd(conversationId, _ => new Subscribers()).Add(handler);

    public IDisposable SubscribeAll(Action<ConversationFeedItem> handler) => _all.Add(handler);

    public void Publish(ConversationFeedItem item)
    {
        if (_byConversation.TryGetValue(item.ConversationId, out var subscribers))
        {
            subscribers.Invoke(item);
        }

        _all.Invoke(item);
    }

    /// <summary>A copy-on-write handler list: publishing never blocks subscribing and never sees a half-updated list.</summary>
    private sealed class Subscribers
    {
        private readonly Lock _gate = new();
        private Action<ConversationFeedItem>[] _handlers = [];

        public Subscription Add(Action<ConversationFeedItem> handler)
        {
            lock (_gate)
            {
                _handlers = [.. _handlers, handler];
            }

            return new Subscription(() =>
            {
                lock (_gate)
                {
                    _handlers = _handlers.Where(h => h != handler).ToArray();
                }
            });
        }

        public void Invoke(ConversationFeedItem item)
        {
            foreach (var handler in _handlers)
            {
                try
                {
                    handler(item);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // One broken listener (a closed browser tab) must not keep the news from the others.
                }
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

/// <summary>One piece of news: a message (with its role and text) or a state change.</summary>
public sealed record ConversationFeedItem(
    Guid ConversationId,
    ConversationState State,
    DateTimeOffset At,
    long? MessageId = null,
    MessageRole? Role = null,
    string? Text = null,
    IReadOnlyList<Citation>? Citations = null);
