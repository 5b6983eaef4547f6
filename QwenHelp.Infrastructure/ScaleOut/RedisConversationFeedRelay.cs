using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Conversations;
using StackExchange.Redis;

namespace QwenHelp.Infrastructure.ScaleOut;

/// <summary>
/// Carries live conversation news between instances over one Redis pub/sub channel: this instance's
/// own news goes out (through an outbox, so that nothing published while Redis is away is lost: it
/// is sent when Redis returns), the others' news comes in and is delivered to this instance's
/// widgets and agent consoles. Items travel as JSON with their type name, so news types added to
/// the feed later travel without a change here.
/// </summary>
public sealed partial class RedisConversationFeedRelay : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ConversationFeed _feed;
    private readonly RedisConnection _redis;
    private readonly ILogger<RedisConversationFeedRelay> _logger;
    private readonly Channel<ConversationFeedItem> _outbox;
    private readonly RedisChannel _channel;

    public RedisConversationFeedRelay(ConversationFeed feed, RedisConnection redis, IOptions<RedisOptions> options, ILogger<RedisConversationFeedRelay> logger)
    {
        _feed = feed;
        _redis = redis;
        _logger = logger;
        _outbox = Channel.CreateBounded<ConversationFeedItem>(new BoundedChannelOptions(options.Value.OutboxCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _channel = RedisChannel.Literal(redis.Key("conversation-feed"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_redis.IsConfigured)
        {
            return;
        }

        // Subscribed to the feed first: news published while Redis is still connecting waits in the outbox.
        using var own = _feed.SubscribeOwn(item => _outbox.Writer.TryWrite(item));
        var multiplexer = await _redis.GetAsync();
        await SubscribeAsync(multiplexer.GetSubscriber(), stoppingToken);

        await foreach (var item in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(multiplexer.GetSubscriber(), item, stoppingToken);
        }
    }

    /// <summary>Once subscribed, the multiplexer subscribes again by itself after every reconnect.</summary>
    private async Task SubscribeAsync(ISubscriber subscriber, CancellationToken stoppingToken)
    {
        while (true)
        {
            await _redis.WaitConnectedAsync(stoppingToken);
            try
            {
                await subscriber.SubscribeAsync(_channel, (_, message) => Receive(message));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRedisFailed(ex);
            }
        }
    }

    private async Task SendAsync(ISubscriber subscriber, ConversationFeedItem item, CancellationToken stoppingToken)
    {
        var message = JsonSerializer.Serialize(new Envelope(_redis.InstanceId, item.GetType().FullName!, JsonSerializer.SerializeToElement(item, item.GetType(), Json)), Json);
        while (true)
        {
            await _redis.WaitConnectedAsync(stoppingToken);
            try
            {
                await subscriber.PublishAsync(_channel, message);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Kept and sent again once the link is back: the other instances see it late rather than never.
                LogRedisFailed(ex);
            }
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
            if (envelope is null || envelope.Origin == _redis.InstanceId)
            {
                return;
            }

            // Only feed item types of our own: the type name comes from the wire.
            var type = typeof(ConversationFeedItem).Assembly.GetType(envelope.Type);
            if (type is null || !type.IsAssignableTo(typeof(ConversationFeedItem)))
            {
                LogUnknownType(envelope.Type);
                return;
            }

            if (envelope.Item.Deserialize(type, Json) is ConversationFeedItem item)
            {
                _feed.Deliver(item);
            }
        }
        catch (JsonException ex)
        {
            LogUnreadable(ex);
        }
    }

    private sealed record Envelope(string Origin, string Type, JsonElement Item);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; live conversation events wait in this instance's outbox")]
    private partial void LogRedisFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A conversation event of unknown type {Type} came from Redis and was ignored (an instance of another version?)")]
    private partial void LogUnknownType(string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable conversation event came from Redis and was ignored")]
    private partial void LogUnreadable(Exception exception);
}
