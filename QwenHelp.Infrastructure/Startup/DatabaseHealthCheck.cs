using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Startup;

/// <summary>Ready when the database answers a query and start-up preparation (migrations, index) has finished.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<QwenHelpDbContext> dbFactory, StartupReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("The database and search index are still being prepared.");
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var faqCount = await db.FaqEntries.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy("Database reachable; keyword index ready.", new Dictionary<string, object> { ["faqEntries"] = faqCount });
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
