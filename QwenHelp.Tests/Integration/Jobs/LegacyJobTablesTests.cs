using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

/// <summary>The upgrade from the Quartz-era scheduler: what the old tables held is carried over to Hangfire once.</summary>
public class LegacyJobTablesTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task TheUpgradeCarriesSchedulesAndCheckpointsOverAndKeepsTheOldHistoryInAFile()
    {
        await using (var first = new JobsAppFactory(_folder.Path))
        {
            _ = first.Server;
            await WaitUntilAsync(() => first.Scheduler.IsStarted);
            Assert.False(File.Exists(Path.Combine(_folder.Path, LegacyJobTables.HistoryFile)));
        }

        // A database as the Quartz-era app left it (its job tables with rows), and no Hangfire storage yet.
        SqliteProbe.Execute(Path.Combine(_folder.Path, "qwenhelp.db"), """
            INSERT INTO job_schedules (job_key, cron, paused, created_at, updated_by, updated_at) VALUES ('test-counter', '0 0 12 ? * 2-6', 1, 1700000000000, 'ops', 1700000000000);
            INSERT INTO job_schedules (job_key, cron, paused, created_at, updated_by, updated_at) VALUES ('test-gate', '0 0 3 1 1 ? 2099', 0, 1700000000000, 'ops', 1700000000000);
            INSERT INTO job_runs (job_key, trigger_kind, requested_by, started_at, finished_at, outcome, summary) VALUES ('reembed', 'manual', 'admin', 1700000000000, 1700000005000, 'ok', 'Embedded 12 passages');
            INSERT INTO job_runs (job_key, trigger_kind, started_at, outcome, error) VALUES ('index-upkeep', 'scheduled', 1700000100000, 'failed', 'disk full');
            INSERT INTO job_state (job_key, name, value, updated_at) VALUES ('answer-cache-warmup', 'warmed_version', '41', 1700000000000);
            """);
        foreach (var file in Directory.GetFiles(_folder.Path, JobStorageFactory.SqliteFile + "*"))
        {
            File.Delete(file);
        }

        await using var upgraded = new JobsAppFactory(_folder.Path);
        _ = upgraded.Server;
        await WaitUntilAsync(() => upgraded.Scheduler.IsStarted);

        var status = (await upgraded.Scheduler.GetStatusAsync()).ToDictionary(s => s.Key);
        Assert.Equal(("0 0 12 ? * 1-5", true, "ops"), (status["test-counter"].Cron, status["test-counter"].Paused, status["test-counter"].UpdatedBy));
        Assert.Equal(("0 0 3 1 1 ?", false), (status["test-gate"].Cron, status["test-gate"].Paused));
        Assert.Equal(41, await upgraded.GetService<AnswerCacheWarmupJob>().WarmedVersionAsync(CancellationToken.None));
        var history = await File.ReadAllLinesAsync(Path.Combine(_folder.Path, LegacyJobTables.HistoryFile));
        Assert.Equal(3, history.Length);
        Assert.Contains(history, line => line.Contains("Embedded 12 passages", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in time.");
            await Task.Delay(100);
        }
    }
}
