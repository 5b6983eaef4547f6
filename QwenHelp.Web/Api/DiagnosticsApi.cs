using System.Runtime;

namespace QwenHelp.Web.Api;

/// <summary>
/// The process's memory after a full, compacting garbage collection, for <c>scripts/bench-widget-memory.sh</c>
/// (resident memory alone also counts garbage not yet collected and memory the GC keeps reserved).
/// Each call blocks the process for two full collections, so it is mapped only in Development with
/// <c>QwenHelp:Diagnostics:MemoryEndpoint=true</c> (the script sets it), and answers only this machine.
/// </summary>
public static class DiagnosticsApi
{
    public const string EnabledKey = "QwenHelp:Diagnostics:MemoryEndpoint";

    public static WebApplication MapDiagnosticsApi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue<bool>(EnabledKey))
        {
            long exceptions = 0;
            AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
            app.MapGet("/diagnostics/memory", IResult (HttpContext context) =>
            {
                if (context.Connection.RemoteIpAddress is { } caller && !System.Net.IPAddress.IsLoopback(caller))
                {
                    return TypedResults.NotFound();
                }

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
