using System.Globalization;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

public class AnalyticsRollupTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private AnalyticsService Analytics => factory.GetService<AnalyticsService>();

    [Fact]
    public async Task ARolledUpDayIsReadFromItsRollUpAndARecomputeFixesItAfterItsConversationsChange()
    {
        var day = new DateOnly(2023, 5, 10);
        var kept = ConversationSeed.StartedAt("2023-05-10T08:00:00Z").Turn("How do I reset my password?", AnswerMode.Direct, 100, confidence: 0.9).Closed();
        var removed = ConversationSeed.StartedAt("2023-05-10T09:00:00Z").Turn("Where is my parcel?", AnswerMode.Fallback, 80);
        await kept.SaveAsync(factory);
        await removed.SaveAsync(factory);

        Assert.Equal(1, await Analytics.RecomputeDaysAsync(day, day));
        // The conversation goes (deleted by hand here; archiving does the same): the stored day still says 2.
        SqliteProbe.Execute(factory.DatabaseFile, $"PRAGMA foreign_keys = ON; DELETE FROM conversations WHERE id = '{removed.Id.ToString().ToUpperInvariant()}' OR id = '{removed.Id}'");
        var fromRollUp = await Analytics.GetReportAsync(day, day);
        var fromRows = (await Analytics.ComputeDaysAsync(day, day))[0];
        await Analytics.RecomputeDaysAsync(day, day);
        var recomputed = await Analytics.GetReportAsync(day, day);

        Assert.Equal(1, fromRows.Conversations);
        Assert.Equal(2, fromRollUp.Totals.Conversations);
        Assert.Equal(1, recomputed.Totals.Conversations);
        Assert.Equal(1, recomputed.Totals.Mode(AnswerMode.Direct));
        Assert.Equal(0, recomputed.Totals.Mode(AnswerMode.Fallback));
    }

    [Fact]
    public async Task TheRollUpJobStoresYesterdayWithTheFiguresComputedFromTheConversations()
    {
        var yesterday = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1).AddHours(12);
        await ConversationSeed.StartedAt(yesterday.ToString("O", CultureInfo.InvariantCulture))
            .Turn("退货运费谁出", AnswerMode.Direct, 100, confidence: 0.9).Rated(+1).SaveAsync(factory);
        var scheduler = factory.GetService<JobScheduler>();

        var run = await scheduler.WaitForRunAsync((await scheduler.RunNowAsync(AnalyticsRollupJob.JobKey, "admin")).RunId!);

        Assert.Equal(JobRunOutcome.Ok, run.Outcome);
        Assert.StartsWith("Rolled up 90 days", run.Summary, StringComparison.Ordinal);
        var key = DateOnly.FromDateTime(yesterday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM analytics_daily WHERE day = '{key}' AND time_zone = 'UTC'"));
        var stored = await factory.GetService<AnalyticsRollups>().ReadAsync(DateOnly.FromDateTime(yesterday), DateOnly.FromDateTime(yesterday), "UTC", default);
        var computed = (await Analytics.ComputeDaysAsync(DateOnly.FromDateTime(yesterday), DateOnly.FromDateTime(yesterday)))[0];
        Assert.Equal(computed.Conversations, stored.Single().Value.Conversations);
        Assert.Equal(computed.RatingsUp, stored.Single().Value.RatingsUp);
        Assert.Equal(computed.Mode(AnswerMode.Direct), stored.Single().Value.Mode(AnswerMode.Direct));
        Assert.True(computed.Conversations >= 1);
    }
}
