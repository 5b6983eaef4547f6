using System.Collections.Concurrent;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Live news of conversations: a stored message or a change of hands. The customer's widget listens
/// to its own conversation (agent replies appear without reload); the agent console listens to all
/// of them (the queue and the open transcript). Published by the conversation store after each
/// commit, so nothing is announced that was not stored. With several instances, a relay
/// (ScaleOut/RedisConversationFeedRelay) carries this instance's own news to the others and hands
/// theirs to <see cref="Deliver"/>.
/// </summary>
public sealed class ConversationFeed
{
    private readonly ConcurrentDictionary<Guid, Subscribers> _byConversation = new();
    private readonly Subscribers _all = new();
    private readonly Subscribers _own = new();

    public IDisposable Subscribe(Guid conversationId, Action<ConversationFeedItem> handler) =>
        _byConversation.GetOrAdd(conversationId, _ => new Subscribers()).Add(handler);

    public IDisposable SubscribeAll(Action<ConversationFeedItem> handler) => _all.Add(handler);

    /// <summary>News published by this instance only (not what <see cref="Deliver"/> brought from others): what a relay sends on.</summary>
    public IDisposable SubscribeOwn(Action<ConversationFeedItem> handler) => _own.Add(handler);

    /// <summary>News of this instance: told to its listeners and to the relay.</summary>
    public void Publish(ConversationFeedItem item)
    {
        Deliver(item);
        _own.Invoke(item);
    }

    /// <summary>Tells this instance's listeners only: for news another instance published.</summary>
    public void Deliver(ConversationFeedItem item)
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
