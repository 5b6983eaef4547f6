using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QwenHelp.Infrastructure.ScaleOut;

/// <summary>
/// Redis in /health/ready: healthy without it when none is configured (one instance), degraded (not
/// unhealthy: the instance keeps serving) while a configured one cannot be reached.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
        {
            return HealthCheckResult.Healthy("Not configured: this instance keeps live events, cache and rate limits in its own memory.");
        }

        var multiplexer = await redis.GetAsync();
        if (multiplexer.IsConnected)
        {
            try
            {
                var latency = await multiplexer.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"Connected ({latency.TotalMilliseconds:0} ms).");
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                return Unreachable(ex);
            }
        }

        return Unreachable(null);
    }

    private static HealthCheckResult Unreachable(Exception? exception) => HealthCheckResult.Degraded(
        "Redis unreachable: this instance serves from its own memory (live events reach only its own pages) and catches up when Redis returns.",
        exception);
}
