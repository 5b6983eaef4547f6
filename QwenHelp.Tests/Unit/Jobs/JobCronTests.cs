using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Tests.Unit.Jobs;

public class JobCronTests
{
    [Theory]
    [InlineData("0 0 3 * * ?")]
    [InlineData("  0 */15 *  * * ? ")]
    [InlineData("0 30 2 ? * MON-FRI")]
    public void AcceptsQuartzCronExpressions(string cron) => Assert.Null(JobCron.Check(cron));

    [Theory]
    [InlineData("")]
    [InlineData("every day at noon")]
    [InlineData("0 3 * * *")]
    [InlineData("0 0 25 * * ?")]
    [InlineData("0 0 3 1 1 ? 2001")]
    public void RefusesWhatQuartzCannotScheduleWithAReason(string cron) => Assert.False(string.IsNullOrWhiteSpace(JobCron.Check(cron)));

    [Fact]
    public void ADailyRunIsMissedOnlyWhenItsTimeFellBetweenTheLastRunAndNow()
    {
        var lastRun = new DateTimeOffset(2026, 11, 20, 3, 0, 5, TimeSpan.Zero);

        Assert.Null(JobScheduler.MissedSince("0 0 3 * * ?", lastRun, lastRun.AddHours(20)));
        Assert.Equal(lastRun.AddDays(1).AddSeconds(-5), JobScheduler.MissedSince("0 0 3 * * ?", lastRun, lastRun.AddDays(3)));
    }

    [Theory]
    [InlineData("reembed", true)]
    [InlineData("archive-conversations", true)]
    [InlineData("Re-Embed", false)]
    [InlineData("-x", false)]
    [InlineData("", false)]
    public void JobKeysAreKebabCase(string key, bool valid) => Assert.Equal(valid, JobKeys.IsValid(key));
}
