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
/// Carries live conversation news between instances through one Redis stream. This instance's own
/// news goes out through an outbox (published while Redis is away, it is added when Redis returns);
/// the others' news is read from the stream after the last entry this instance saw, so an instance
/// that lost Redis for a while catches up instead of missing what happened meanwhile. A pub/sub
/// nudge after each entry wakes the readers at once; without it they look every second. Items
/// travel as JSON with their type name, so news types added to the feed later travel unchanged.
/// </summary>
public sealed partial class RedisConversationFeedRelay : BackgroundService
{
    private const string MessageField = "m";
    private const int StreamLength = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ConversationFeed _feed;
    private readonly RedisConnection _redis;
    private readonly ILogger<RedisConversationFeedRelay> _logger;
    private readonly Channel<ConversationFeedItem> _outbox;
    private readonly RedisKey _stream;
    private readonly RedisChannel _nudges;
    private readonly SemaphoreSlim _nudged = new(0);
    private readonly TimeProvider _clock;

    public RedisConversationFeedRelay(ConversationFeed feed, RedisConnection redis, IOptions<RedisOptions> options, TimeProvider clock, ILogger<RedisConversationFeedRelay> logger)
    {
        _clock = clock;
        _feed = feed;
        _redis = redis;
        _logger = logger;
        _outbox = Channel.CreateBounded<ConversationFeedItem>(new BoundedChannelOptions(options.Value.OutboxCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _stream = redis.Key("conversation-feed");
        _nudges = RedisChannel.Literal(redis.Key("conversation-feed:nudge"));
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
        await Task.WhenAll(SendAsync(multiplexer, stoppingToken), ReceiveAsync(multiplexer, stoppingToken));
    }

    public override void Dispose()
    {
        _nudged.Dispose();
        base.Dispose();
    }

    private async Task SendAsync(ConnectionMultiplexer multiplexer, CancellationToken stoppingToken)
    {
        await foreach (var item in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            var message = JsonSerializer.Serialize(new Envelope(_redis.InstanceId, item.GetType().FullName!, JsonSerializer.SerializeToElement(item, item.GetType(), Json)), Json);
            while (true)
            {
                await _redis.WaitConnectedAsync(stoppingToken);
                try
                {
                    await multiplexer.GetDatabase().StreamAddAsync(_stream, MessageField, message, maxLength: StreamLength, useApproximateMaxLength: true);
                    await multiplexer.GetSubscriber().PublishAsync(_nudges, 1);
                    break;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Kept and added again once the link is back: the others see it late rather than never.
                    LogRedisFailed(ex);
                }
            }
        }
    }

    private async Task ReceiveAsync(ConnectionMultiplexer multiplexer, CancellationToken stoppingToken)
    {
        // Stream ids are Redis's clock in milliseconds: read what was added since this instance started,
        // however long Redis takes to answer (what happened before is in the database).
        RedisValue lastSeen = $"{_clock.GetUtcNow().ToUnixTimeMilliseconds()}-0";
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _redis.WaitConnectedAsync(stoppingToken);
            try
            {
                if (!subscribed)
                {
                    // Once subscribed, the multiplexer subscribes again by itself after every reconnect.
                    await multiplexer.GetSubscriber().SubscribeAsync(_nudges, (_, _) => _nudged.Release());
                    subscribed = true;
                }

                var entries = await multiplexer.GetDatabase().StreamReadAsync(_stream, lastSeen, count: 200);
                foreach (var entry in entries)
                {
                    lastSeen = entry.Id;
                    Deliver(entry[MessageField]);
                }

                if (entries.Length == 0)
                {
                    await _nudged.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogRedisFailed(ex);
            }
        }
    }

    private void Deliver(RedisValue message)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable; live conversation events wait for it")]
    private partial void LogRedisFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A conversation event of unknown type {Type} came from Redis and was ignored (an instance of another version?)")]
    private partial void LogUnknownType(string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable conversation event came from Redis and was ignored")]
    private partial void LogUnreadable(Exception exception);
}
