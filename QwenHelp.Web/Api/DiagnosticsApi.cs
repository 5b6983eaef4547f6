using System.Runtime;

namespace QwenHelp.Web.Api;

/// <summary>
/// Development only: the process's memory after a full, compacting garbage collection, for
/// <c>scripts/bench-widget-memory.sh</c> (resident memory alone also counts garbage not yet collected
/// and memory the GC keeps reserved). Not mapped in any other environment.
/// </summary>
public static class DiagnosticsApi
{
    public static WebApplication MapDiagnosticsApi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/diagnostics/memory", () =>
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                return TypedResults.Ok(new
                {
                    managedLiveBytes = GC.GetTotalMemory(forceFullCollection: false),
                    gcHeapSizeBytes = info.HeapSizeBytes,
                    gcCommittedBytes = info.TotalCommittedBytes,
                    residentBytes = Environment.WorkingSet,
                    serverGc = GCSettings.IsServerGC,
                });
            }).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }
}
