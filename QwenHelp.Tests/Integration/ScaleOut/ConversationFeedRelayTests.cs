using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;

namespace QwenHelp.Tests.Integration.ScaleOut;

/// <summary>Two instances sharing a real Redis: what one stores, the other's widgets and agent consoles hear.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class ConversationFeedRelayTests(RedisServer redis)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ACustomerMessageOnOneInstanceReachesTheAgentConsoleOfTheOther()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        await using var a = new RedisInstanceFactory(redis.ConnectionString, prefix);
        await using var b = new RedisInstanceFactory(redis.ConnectionString, prefix);
        using var listening = Listen(b);

        var conversationId = await ChatAsync(a, "How do I reset my password?");

        var heard = await listening.HeardAsync(conversationId, MessageRole.Customer);
        Assert.Equal("How do I reset my password?", heard.Text);
    }

    [Fact]
    public async Task WithRedisDownAnInstanceSaysDegradedKeepsAnsweringAndItsNewsArrivesWhenRedisReturns()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        await using var b = new RedisInstanceFactory(redis.ConnectionString, prefix);
        using var listening = Listen(b);
        await redis.StopAsync();
        try
        {
            await using var a = new RedisInstanceFactory(redis.ConnectionString, prefix);
            var client = a.CreateClient();

            var health = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var report = await health.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

            var conversationId = await ChatAsync(a, "Where is my order?");

            await redis.StartAsync();
            var heard = await listening.HeardAsync(conversationId, MessageRole.Customer);
            Assert.Equal("Where is my order?", heard.Text);
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    private static async Task<Guid> ChatAsync(RedisInstanceFactory instance, string message)
    {
        using var response = await instance.CreateClient().PostAsJsonAsync("/api/chat", new { message });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetGuid();
    }

    /// <summary>Subscribes like the agent console does (to every conversation of its instance).</summary>
    private static Listener Listen(RedisInstanceFactory instance) => new(instance.GetService<ConversationFeed>());

    private sealed class Listener : IDisposable
    {
        private readonly List<ConversationFeedItem> _items = [];
        private readonly IDisposable _subscription;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Listener(ConversationFeed feed) => _subscription = feed.SubscribeAll(item =>
        {
            lock (_items)
            {
                _items.Add(item);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        });

        public async Task<ConversationFeedItem> HeardAsync(Guid conversationId, MessageRole role)
        {
            using var timeout = new CancellationTokenSource(Within);
            while (true)
            {
                Task changed;
                lock (_items)
                {
                    if (_items.FirstOrDefault(i => i.ConversationId == conversationId && i.Role == role) is { } found)
                    {
                        return found;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(timeout.Token);
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
