using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

/// <summary>
/// The whole app with two test jobs beside the real ones, on a data folder that may be shared with
/// an earlier factory (a restart of the app on the same data). Hangfire on its SQLite storage, polling
/// its queue every 100 ms so a test waits for events, not for the 1 s default.
/// </summary>
public sealed class JobsAppFactory(string? dataFolder = null, IReadOnlyDictionary<string, string>? settings = null) : QwenHelpFactory
{
    public GateJob Gate { get; } = new();

    public CountingJob Counter { get; } = new();

    public string Folder => dataFolder ?? DataFolder;

    public string Database => Path.Combine(Folder, "qwenhelp.db");

    public JobScheduler Scheduler => GetService<JobScheduler>();

    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) 
            {
                ["QwenHelp:Jobs:PollIntervalMilliseconds"] = "100",
                ["QwenHelp:Jobs:TransientRetryDelaySeconds"] = "1",
            };
            if (dataFolder is not null)
            {
                all["QwenHelp:Storage:DataFolder"] = dataFolder;
            }

            return all;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IBackgroundJob>(Gate);
            services.AddSingleton<IBackgroundJob>(Counter);
        });
    }
}

/// <summary>A job that reports progress and then waits until the test opens its gate (or cancels it).</summary>
public sealed class GateJob : IBackgroundJob
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts;

    public string Key => "test-gate";

    public string DefaultCron => "0 0 3 1 1 ?";

    public TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the next runs throw once the gate opens (null: they succeed).</summary>
    public Func<Exception>? FailWith { get; set; }

    public int Attempts => Volatile.Read(ref _attempts);

    public void Open() => _gate.TrySetResult();

    public void Reset()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        context.Report(1, 4, "waiting");
        Started.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        if (FailWith?.Invoke() is { } failure)
        {
            throw failure;
        }

        context.Report(4, 4, "done");
        return new JobOutcome("Gate passed");
    }
}

/// <summary>A job that only counts its runs.</summary>
public sealed class CountingJob : IBackgroundJob
{
    private int _runs;

    public string Key => "test-counter";

    public string DefaultCron => "0 0 3 1 1 ?";

    public int Runs => Volatile.Read(ref _runs);

    public Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _runs);
        return Task.FromResult(new JobOutcome($"Run {n}"));
    }
}
