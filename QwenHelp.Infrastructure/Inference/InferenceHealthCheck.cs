using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QwenHelp.Infrastructure.Inference;

/// <summary>Reports the live backend and model; unhealthy only when the configured model is not loaded.</summary>
public sealed class InferenceHealthCheck(InferenceStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var info = status.Current;
        var data = info.ToHealthData();
        var result = info switch
        {
            { Ready: false } => HealthCheckResult.Unhealthy(info.Error ?? "The language model is not loaded.", data: data),
            { Error: not null } => HealthCheckResult.Degraded($"{info.Detail}; last request failed: {info.Error}", data: data),
            _ => HealthCheckResult.Healthy(info.Detail, data),
        };
        return Task.FromResult(result);
    }
}
