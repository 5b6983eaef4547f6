using System.Net.Http.Json;
using System.Text.Json;

namespace QwenHelp.Tests.Integration.ScaleOut;

/// <summary>The answer cache's second level, a HybridCache over a real Redis, shared by two instances.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class AnswerCacheSecondLevelTests(RedisServer redis)
{
    [Fact]
    public async Task AnAnswerMadeOnOneInstanceIsServedFromTheCacheOnTheOther()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        await using var a = new RedisInstanceFactory(redis.ConnectionString, prefix);
        await using var b = new RedisInstanceFactory(redis.ConnectionString, prefix);

        Assert.NotEqual("cache", await AskAsync(a));
        Assert.Equal("cache", await AskAsync(b));
    }

    [Fact]
    public async Task WithRedisDownEachInstanceStillAnswersAndCachesForItself()
    {
        var prefix = "test-" + Guid.NewGuid().ToString("N");
        await redis.StopAsync();
        try
        {
            await using var a = new RedisInstanceFactory(redis.ConnectionString, prefix);
            await using var b = new RedisInstanceFactory(redis.ConnectionString, prefix);

            Assert.NotEqual("cache", await AskAsync(a));
            Assert.NotEqual("cache", await AskAsync(b));
            Assert.Equal("cache", await AskAsync(a));
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    /// <summary>The mode of the answer to a question the demo FAQ answers directly.</summary>
    private static async Task<string?> AskAsync(RedisInstanceFactory instance)
    {
        using var response = await instance.CreateClient().PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString();
    }
}
