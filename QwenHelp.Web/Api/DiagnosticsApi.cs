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
            long exceptions = 0;
            AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
            app.MapGet("/diagnostics/memory", () =>
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                var resident = Environment.WorkingSet;
                var trimmed = NativeMemory.TrimFreeMemory();
                return TypedResults.Ok(new
                {
                    managedLiveBytes = GC.GetTotalMemory(forceFullCollection: false),
                    gcHeapSizeBytes = info.HeapSizeBytes,
                    gcCommittedBytes = info.TotalCommittedBytes,
                    residentBytes = resident,
                    residentAfterTrimBytes = trimmed ? Environment.WorkingSet : resident,
                    serverGc = GCSettings.IsServerGC,
                    compiledMethods = System.Runtime.JitInfo.GetCompiledMethodCount(),
                    exceptionsThrown = Interlocked.Read(ref exceptions),
                });
            }).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// glibc's malloc_trim: hands free native heap memory back to the kernel, so the figures can tell
    /// native memory in use from free memory glibc keeps after a burst (docs/benchmarks.md).
    /// </summary>
    private static class NativeMemory
    {
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project for one diagnostic call.
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
        private static extern int MallocTrim(nuint pad);
#pragma warning restore SYSLIB1054

        public static bool TrimFreeMemory() => OperatingSystem.IsLinux() && MallocTrim(0) >= 0;
    }
}
