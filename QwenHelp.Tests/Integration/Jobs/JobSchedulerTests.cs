using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

public class JobSchedulerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDataFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RunNowRunsTheJobAndRecordsItsOutcomeDurationAndTriggerInTheHistory()
    {
        await using var app = new JobsAppFactory(_folder.Path);
        _ = app.Server;

        var started = await app.Scheduler.RunNowAsync("test-counter", "admin");
        var run = await app.Scheduler.WaitForRunAsync(started.RunId!.Value).WaitAsync(Patience);

        Assert.Equal(RunNowStatus.Started, started.Status);
        Assert.Equal(JobRunOutcome.Ok, run.Outcome);
        Assert.Equal("Run 1", run.Summary);
        Assert.Equal(1, SqliteProbe.Scalar(app.Database,
            $"SELECT COUNT(*) FROM job_runs WHERE id = {run.Id} AND outcome = 'ok' AND trigger_kind = 'manual' AND requested_by = 'admin' AND duration_ms >= 0 AND summary = 'Run 1'"));
        var status = (await app.Scheduler.GetStatusAsync()).Single(s => s.Key == "test-counter");
        Assert.Equal(run.Id, status.LastRun!.Id);
        Assert.NotNull(status.NextRun);
        Assert.Equal(1, SqliteProbe.Scalar(app.Database, "SELECT COUNT(*) FROM audit_log WHERE action = 'job.run' AND target = 'job:test-counter'"));
    }

    [Fact]
    public async Task RunNowWhileTheJobIsRunningSaysSoAndDoesNotStartASecondRun()
    {
        await using var app = new JobsAppFactory(_folder.Path);
        _ = app.Server;

        var first = await app.Scheduler.RunNowAsync("test-gate", "admin");
        await app.Gate.Started.Task.WaitAsync(Patience);
        var second = await app.Scheduler.RunNowAsync("test-gate", "admin");
        var running = (await app.Scheduler.GetStatusAsync()).Single(s => s.Key == "test-gate").Running;
        app.Gate.Open();
        var run = await app.Scheduler.WaitForRunAsync(first.RunId!.Value).WaitAsync(Patience);

        Assert.Equal(RunNowStatus.AlreadyRunning, second.Status);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(0.25, running!.Progress!.Fraction);
        Assert.Equal(JobRunOutcome.Ok, run.Outcome);
        Assert.Equal(1, SqliteProbe.Scalar(app.Database, "SELECT COUNT(*) FROM job_runs WHERE job_key = 'test-gate'"));
    }

    [Fact]
    public async Task AFailingJobIsRecordedAsFailedWithItsErrorAndTheNextRunStillWorks()
    {
        await using var app = new JobsAppFactory(_folder.Path);
        _ = app.Server;
        app.Gate.FailWith = "the disk is full";
        app.Gate.Open();

        var failed = await app.Scheduler.WaitForRunAsync((await app.Scheduler.RunNowAsync("test-gate", "admin")).RunId!.Value).WaitAsync(Patience);
        app.Gate.FailWith = null;
        var next = await app.Scheduler.WaitForRunAsync((await app.Scheduler.RunNowAsync("test-gate", "admin")).RunId!.Value).WaitAsync(Patience);

        Assert.Equal(JobRunOutcome.Failed, failed.Outcome);
        Assert.Equal("the disk is full", failed.Error);
        Assert.Equal(JobRunOutcome.Ok, next.Outcome);
    }

    [Fact]
    public async Task ACancelledRunIsRecordedAsCancelled()
    {
        await using var app = new JobsAppFactory(_folder.Path);
        _ = app.Server;

        var started = await app.Scheduler.RunNowAsync("test-gate", "admin");
        await app.Gate.Started.Task.WaitAsync(Patience);
        Assert.True(await app.Scheduler.CancelAsync("test-gate", "admin"));
        var run = await app.Scheduler.WaitForRunAsync(started.RunId!.Value).WaitAsync(Patience);

        Assert.Equal(JobRunOutcome.Cancelled, run.Outcome);
        Assert.Equal(1, SqliteProbe.Scalar(app.Database, $"SELECT COUNT(*) FROM job_runs WHERE id = {run.Id} AND outcome = 'cancelled' AND progress_done = 1 AND progress_total = 4"));
    }

    [Fact]
    public async Task AnInvalidCronIsRefusedWithAReasonAndChangesNothing()
    {
        await using var app = new JobsAppFactory(_folder.Path);
        _ = app.Server;

        var problem = await app.Scheduler.SetScheduleAsync("test-counter", "every day at noon", "admin");

        Assert.NotNull(problem);
        Assert.Equal(1, SqliteProbe.Scalar(app.Database, "SELECT COUNT(*) FROM job_schedules WHERE job_key = 'test-counter' AND cron = '0 0 3 1 1 ? 2099'"));
    }

    [Fact]
    public async Task AScheduleChangedBeforeARestartFiresAfterTheRestart()
    {
        await using (var before = new JobsAppFactory(_folder.Path))
        {
            _ = before.Server;
            Assert.Null(await before.Scheduler.SetScheduleAsync("test-counter", "0/1 * * * * ?", "admin"));
            Assert.True(await before.Scheduler.SetPausedAsync("test-counter", true, "admin"));
            Assert.True(await before.Scheduler.SetPausedAsync("test-counter", false, "admin"));
        }

        var restartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var after = new JobsAppFactory(_folder.Path);
        _ = after.Server;
        await WaitUntilAsync(() => SqliteProbe.Scalar(after.Database,
            $"SELECT COUNT(*) FROM job_runs WHERE job_key = 'test-counter' AND trigger_kind = 'scheduled' AND outcome = 'ok' AND started_at >= {restartedAt}") >= 2);

        Assert.Equal("0/1 * * * * ?", (await after.Scheduler.GetStatusAsync()).Single(s => s.Key == "test-counter").Cron);
        Assert.True(after.Counter.Runs >= 2);
        Assert.Equal(1, SqliteProbe.Scalar(after.Database, "SELECT COUNT(*) FROM audit_log WHERE action = 'job.schedule' AND target = 'job:test-counter'"));
    }

    [Fact]
    public async Task APausedScheduleStaysPausedAcrossARestartAndDoesNotFire()
    {
        await using (var before = new JobsAppFactory(_folder.Path))
        {
            _ = before.Server;
            Assert.True(await before.Scheduler.SetPausedAsync("test-counter", true, "admin"));
            Assert.Null(await before.Scheduler.SetScheduleAsync("test-counter", "0/1 * * * * ?", "admin"));
        }

        await using var after = new JobsAppFactory(_folder.Path);
        _ = after.Server;
        await Task.Delay(2500);

        Assert.Equal(0, after.Counter.Runs);
        var status = (await after.Scheduler.GetStatusAsync()).Single(s => s.Key == "test-counter");
        Assert.True(status.Paused);
        Assert.Null(status.NextRun);
    }

    [Fact]
    public async Task ARunThatWasGoingWhenTheProcessDiedIsMarkedInterruptedAtTheNextStart()
    {
        await using (var before = new JobsAppFactory(_folder.Path))
        {
            _ = before.Server;
        }

        // What a killed process leaves behind: a run that never got its end written.
        SqliteProbe.Execute(Path.Combine(_folder.Path, "qwenhelp.db"),
            "INSERT INTO job_runs (job_key, trigger_kind, started_at, outcome, progress_done, progress_total) VALUES ('test-gate', 'scheduled', 1700000000000, 'running', 3, 10)");

        await using var after = new JobsAppFactory(_folder.Path);
        _ = after.Server;

        var last = (await after.Scheduler.GetStatusAsync()).Single(s => s.Key == "test-gate").LastRun!;
        Assert.Equal(JobRunOutcome.Interrupted, last.Outcome);
        Assert.NotNull(last.FinishedAt);
        Assert.Equal(0, SqliteProbe.Scalar(after.Database, "SELECT COUNT(*) FROM job_runs WHERE outcome = 'running'"));
    }

    [Fact]
    public async Task RunsMissedWhileTheAppWasDownAreMadeUpOnceAtStartUpNotOncePerMissedTime()
    {
        await using (var before = new JobsAppFactory(_folder.Path))
        {
            _ = before.Server;
        }

        // Hourly, last changed three hours ago, never run since: three runs were missed while the app was down.
        var threeHoursAgo = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
        SqliteProbe.Execute(Path.Combine(_folder.Path, "qwenhelp.db"),
            $"UPDATE job_schedules SET cron = '0 0 * * * ?', updated_at = {threeHoursAgo} WHERE job_key = 'test-counter'");

        await using (var after = new JobsAppFactory(_folder.Path))
        {
            _ = after.Server;
            await WaitUntilAsync(() => after.Counter.Runs >= 1);
            await Task.Delay(1500);

            Assert.Equal(1, after.Counter.Runs);
            Assert.Equal(1, SqliteProbe.Scalar(after.Database, "SELECT COUNT(*) FROM job_runs WHERE job_key = 'test-counter' AND trigger_kind = 'catch-up' AND outcome = 'ok'"));
        }

        // The catch-up counts as the scheduled run: the next start has nothing to make up.
        await using var again = new JobsAppFactory(_folder.Path);
        _ = again.Server;
        await Task.Delay(1500);
        Assert.Equal(0, again.Counter.Runs);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in time.");
            await Task.Delay(100);
        }
    }
}
