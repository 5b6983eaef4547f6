using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.ScaleOut;

public static class ScaleOutSetup
{
    /// <summary>
    /// What instances share when <c>QwenHelp:Redis:ConnectionString</c> is set: the Redis connection,
    /// the relay of live conversation events, and a HybridCache over Redis (the answer cache's second
    /// level). Without it every part stays on local memory.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddHostedService<RedisConversationFeedRelay>();

        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.ConnectionString)}"]))
        {
            // The cache shares this instance's one connection instead of opening its own.
            services.AddStackExchangeRedisCache(_ => { });
            services.AddOptions<RedisCacheOptions>().Configure<RedisConnection, IOptions<RedisOptions>>((cache, redis, options) =>
            {
                cache.ConnectionMultiplexerFactory = async () => await redis.GetAsync();
                cache.InstanceName = $"{options.Value.Prefix}:cache:";
            });
            services.AddHybridCache();
        }

        return services;
    }
}
