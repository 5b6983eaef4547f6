using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Tests.Integration.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Analytics;

/// <summary>The known set of conversations of <see cref="AnalyticsServiceTests"/>: four in March 2024, two just outside the range.</summary>
public sealed class SeededAnalyticsFactory : QwenHelpFactory, IAsyncLifetime
{
    public static readonly DateOnly First = new(2024, 3, 1);
    public static readonly DateOnly Last = new(2024, 3, 3);

    public async Task InitializeAsync() => await SeedAsync(this);

    /// <summary>Seeds the set; the end-to-end dashboard test uses it too.</summary>
    public static async Task SeedAsync(QwenHelpFactory factory)
    {
        ConversationSeed[] seeds =
        [
            ConversationSeed.StartedAt("2024-02-29T23:50:00Z").Turn("Before the range", AnswerMode.Direct, 1, confidence: 0.9),
            ConversationSeed.StartedAt("2024-03-01T08:00:00Z")
                .Turn("How do I reset my password?", AnswerMode.Direct, 100, ttftMs: 100, confidence: 0.9, cacheLookup: true)
                .Turn("Where is order LM20260001234?", AnswerMode.Tool, 300, tools: [("query_order_status", true)])
                .Rated(+1).Closed(),
            ConversationSeed.StartedAt("2024-03-01T20:00:00Z")
                .Turn("Do you ship to Antarctica?", AnswerMode.Unanswered, 50)
                .Turn("Do you ship to Antarctica", AnswerMode.Unanswered, 60)
                .Turn("I want a human", AnswerMode.Handoff, 20, handoff: HandoffReasons.CustomerRequest)
                .AgentReply("Hello, this is Ann. Let me check.")
                .Rated(-1).Closed(),
            ConversationSeed.StartedAt("2024-03-02T09:00:00Z", "zh")
                .Turn("如何退货", AnswerMode.Cache, 10, cacheLookup: true, cacheHit: true)
                .Turn("退货运费谁出", AnswerMode.Model, 2000, ttftMs: 400, confidence: 0.3, cacheLookup: true,
                    tools: [("query_order_status", false), ("create_ticket", true)])
                .Rated(+1).Rated(+1),
            ConversationSeed.StartedAt("2024-03-02T10:00:00Z")
                .Turn("How do I reset my password", AnswerMode.Fallback, 80, confidence: 0.4, cacheLookup: true)
                .Turn("some blocked words", AnswerMode.Refused, 5)
                .Closed(),
            ConversationSeed.StartedAt("2024-03-04T00:00:00Z").Turn("After the range", AnswerMode.Direct, 1, confidence: 0.9),
        ];
        foreach (var seed in seeds)
        {
            await seed.SaveAsync(factory);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public class AnalyticsServiceTests(SeededAnalyticsFactory factory) : IClassFixture<SeededAnalyticsFactory>
{
    private AnalyticsService Analytics => factory.GetService<AnalyticsService>();

    [Fact]
    public async Task CountsConversationsAndMessagesOnTheDayTheyHappened()
    {
        var report = await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        Assert.Equal([2, 2, 0], report.Days.Select(d => d.Conversations));
        Assert.Equal([11, 8, 0], report.Days.Select(d => d.Messages));
        Assert.Equal([5, 4, 0], report.Days.Select(d => d.CustomerMessages));
        Assert.Equal(4, report.Totals.Conversations);
        Assert.Equal(19, report.Totals.Messages);
        Assert.Equal(9, report.Totals.Replies);
    }

    [Fact]
    public async Task ResolutionHandoffAndSatisfactionAgreeWithTheConversations()
    {
        var report = await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        Assert.Equal(2, report.Totals.ResolvedAutomatically);
        Assert.Equal(0.5, report.AutomaticResolutionRate);
        Assert.Equal(1, report.Totals.HandedOff);
        Assert.Equal(0.25, report.HandoffRate);
        Assert.Equal(new Dictionary<string, int> { [HandoffReasons.CustomerRequest] = 1 }, report.Totals.HandoffReasons);
        Assert.Equal((3, 1), (report.Totals.RatingsUp, report.Totals.RatingsDown));
        Assert.Equal(0.75, report.Satisfaction);
    }

    [Fact]
    public async Task CountsEveryAnswerModeCacheHitsAndToolCalls()
    {
        var totals = (await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last)).Totals;

        Assert.Equal(
            new Dictionary<AnswerMode, int>
            {
                [AnswerMode.Direct] = 1, [AnswerMode.Tool] = 1, [AnswerMode.Unanswered] = 2, [AnswerMode.Handoff] = 1, [AnswerMode.Agent] = 1,
                [AnswerMode.Cache] = 1, [AnswerMode.Model] = 1, [AnswerMode.Fallback] = 1, [AnswerMode.Refused] = 1,
            },
            totals.Modes.Where(m => m.Value > 0).ToDictionary());
        Assert.Equal((4, 1), (totals.CacheLookups, totals.CacheHits));
        Assert.Equal((3, 2), (totals.ToolCalls, totals.ToolCallsSucceeded));
    }

    [Fact]
    public async Task LatencyPercentilesAreTheNearestRankOfTheStoredReplies()
    {
        var report = await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        // Latencies 5, 10, 20, 50, 60, 80, 100, 300, 2000; first tokens 100, 400.
        Assert.Equal(new LatencySummary(9, 60, 2000, 2000), report.Latency);
        Assert.Equal(new LatencySummary(2, 100, 400, 400), report.FirstToken);
    }

    [Fact]
    public async Task TopQuestionsGroupTheSameQuestionAskedDifferently()
    {
        var report = await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        Assert.Equal(("How do I reset my password", 2, 1), (report.TopQuestions[0].Question, report.TopQuestions[0].Count, report.TopQuestions[0].Answered));
        Assert.Equal(("Do you ship to Antarctica", 2, 0), (report.TopQuestions[1].Question, report.TopQuestions[1].Count, report.TopQuestions[1].Answered));
        Assert.DoesNotContain(report.TopQuestions, q => q.Question.Contains("range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KnowledgeGapsAreTheUnansweredFallbackAndLowConfidenceModelAnswers()
    {
        var report = await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        // "How do I reset my password" fell back once, but the demo FAQ has that very question now, so it is no
        // longer a gap (a question corrected into an FAQ entry leaves the list).
        Assert.Equal(
            [("Do you ship to Antarctica", 2, AnswerMode.Unanswered), ("退货运费谁出", 1, AnswerMode.Model)],
            report.KnowledgeGaps.Select(g => (g.Question, g.Count, g.LastMode)));
        Assert.Equal(0.3, report.KnowledgeGaps[1].BestConfidence);
    }

    [Fact]
    public async Task TheRangeTotalsAreTheSumOfItsDaysComputedOneByOne()
    {
        var range = await Analytics.ComputeDaysAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);
        var oneByOne = new List<DailyAggregate>();
        for (var day = SeededAnalyticsFactory.First; day <= SeededAnalyticsFactory.Last; day = day.AddDays(1))
        {
            oneByOne.AddRange(await Analytics.ComputeDaysAsync(day, day));
        }

        Assert.Equal(Csv(range), Csv(oneByOne));

        static string Csv(IReadOnlyList<DailyAggregate> days) => AnalyticsCsv.Write(new AnalyticsReport(days[0].Day, days[^1].Day, "UTC", days,
            DailyAggregate.Sum(days), LatencySummary.Empty, LatencySummary.Empty, [], []));
    }

    [Fact]
    public async Task TheCsvExportHasADayPerRowAndTheTotals()
    {
        var csv = AnalyticsCsv.Write(await Analytics.GetReportAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last));

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        var header = rows[0].ToList();
        Assert.Equal(["day", "2024-03-01", "2024-03-02", "2024-03-03", "total"], rows.Select(r => r[0]));
        Assert.Equal("4", rows[^1][header.IndexOf("conversations")]);
        Assert.Equal("2", rows[^1][header.IndexOf("mode_unanswered")]);
        Assert.Equal("1", rows[^1][header.IndexOf("handoff_customer_request")]);
        Assert.Equal("2", rows[1][header.IndexOf("conversations")]);
    }

    [Fact]
    public async Task DaysFollowTheConfiguredTimeZone()
    {
        // 2024-02-29 23:50 UTC is 07:50 on 1 March in Shanghai; 2024-03-01 20:00 UTC is already 2 March there.
        var shanghai = new AnalyticsService(factory.GetService<IDbContextFactory<QwenHelpDbContext>>(),
            Options.Create(new AnalyticsOptions { TimeZone = "Asia/Shanghai" }));

        var days = await shanghai.ComputeDaysAsync(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

        Assert.Equal([2, 3, 0], days.Select(d => d.Conversations));
    }

    [Fact]
    public async Task ARangeThatEndsBeforeItStartsIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Analytics.GetReportAsync(SeededAnalyticsFactory.Last, SeededAnalyticsFactory.First));
    }

    [Fact]
    public async Task TurnsTheEngineAnswersTodayShowUpInTodaysFigures()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var before = (await Analytics.GetReportAsync(today, today)).Totals;

        var kit = new EngineTestKit(factory);
        var first = await kit.SayAsync(null, "How do I reset my password?");
        await kit.SayAsync(first.ConversationId, "How do I reset my password?");
        await kit.SayAsync(first.ConversationId, "Do you sell pet hamsters on the moon?");

        var after = (await Analytics.GetReportAsync(today, today)).Totals;
        Assert.Equal(1, after.Conversations - before.Conversations);
        Assert.Equal(6, after.Messages - before.Messages);
        Assert.Equal(3, after.Replies - before.Replies);
        Assert.Equal(1, after.Mode(AnswerMode.Cache) - before.Mode(AnswerMode.Cache));
        Assert.Equal(1, after.CacheHits - before.CacheHits);
    }
}
