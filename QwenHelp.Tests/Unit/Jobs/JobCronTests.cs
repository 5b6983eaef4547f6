using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Tests.Unit.Jobs;

public class JobCronTests
{
    [Theory]
    [InlineData("0 0 3 * * ?")]
    [InlineData("  0 */15 *  * * ? ")]
    [InlineData("0 30 2 ? * MON-FRI")]
    [InlineData("0 3 * * *")]
    public void AcceptsHangfireCronExpressionsWithOrWithoutSeconds(string cron) => Assert.Null(JobCron.Check(cron));

    [Theory]
    [InlineData("")]
    [InlineData("every day at noon")]
    [InlineData("0 0 25 * * ?")]
    [InlineData("0 0 3 1 1 ? 2001")]
    [InlineData("0 0 0 31 2 ?")]
    public void RefusesWhatHangfireCannotScheduleWithAReason(string cron) => Assert.False(string.IsNullOrWhiteSpace(JobCron.Check(cron)));

    [Theory]
    [InlineData("0 30 2 * * ?", "0 30 2 * * ?")]
    [InlineData("0 0 4 ? * SUN", "0 0 4 ? * SUN")]
    [InlineData("0 0 12 ? * 2-6", "0 0 12 ? * 1-5")]
    [InlineData("0 0 12 ? * 1,7", "0 0 12 ? * 0,6")]
    [InlineData("0 0 9 ? * 6#3", "0 0 9 ? * 5#3")]
    [InlineData("0 0 9 ? * 2 *", "0 0 9 ? * 1")]
    public void AQuartzScheduleBecomesTheHangfireScheduleThatFiresAtTheSameTimes(string quartz, string hangfire) =>
        Assert.Equal(hangfire, QuartzCron.ToHangfire(quartz));

    [Fact]
    public void AQuartzScheduleBoundToAYearHasNoHangfireEquivalent() => Assert.Null(QuartzCron.ToHangfire("0 0 3 1 1 ? 2099"));

    [Fact]
    public void TransientRetriesWaitFourTimesLongerEachTime()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), JobRetryPolicy.RetryDelay(15, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), JobRetryPolicy.RetryDelay(15, 2));
        Assert.Equal(TimeSpan.FromDays(1), JobRetryPolicy.RetryDelay(15, 20));
    }

    [Fact]
    public void OnlyFailuresThatMayPassAreTransient()
    {
        Assert.True(JobFailures.IsTransient(new TransientJobException("embedder down")));
        Assert.True(JobFailures.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.True(JobFailures.IsTransient(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(JobFailures.IsTransient(new IOException("No space left on device")));
        Assert.False(JobFailures.IsTransient(new InvalidDataException("The archive is corrupt")));
    }

    [Theory]
    [InlineData("reembed", true)]
    [InlineData("archive-conversations", true)]
    [InlineData("Re-Embed", false)]
    [InlineData("-x", false)]
    [InlineData("", false)]
    public void JobKeysAreKebabCase(string key, bool valid) => Assert.Equal(valid, JobKeys.IsValid(key));
}
