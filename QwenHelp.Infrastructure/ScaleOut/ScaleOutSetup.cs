using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Infrastructure.ScaleOut;

public static class ScaleOutSetup
{
    /// <summary>
    /// What instances share when <c>QwenHelp:Redis:ConnectionString</c> is set: the Redis connection
    /// and the relay of live conversation events. Without it every part stays on local memory.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddHostedService<RedisConversationFeedRelay>();
        return services;
    }
}
