using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Jobs;

public class AnswerCacheWarmupTests(AnswerCacheWarmupTests.WarmupFactory factory) : IClassFixture<AnswerCacheWarmupTests.WarmupFactory>
{
    [Fact]
    public async Task AfterAKnowledgeChangeTheWarmUpRunsByItselfAndTheTopQuestionIsAnsweredFromTheCacheWithNothingStored()
    {
        _ = factory.Server;
        var recent = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < 3; i++)
        {
            await ConversationSeed.StartedAt(recent).Turn("How do I reset my password?", AnswerMode.Direct, 100, confidence: 0.9).SaveAsync(factory);
        }

        await ConversationSeed.StartedAt(recent).Turn("Do you sell gift cards?", AnswerMode.Fallback, 100, confidence: 0.4).SaveAsync(factory);
        var conversationsBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations");

        // A knowledge change voids every cached answer.
        await factory.GetService<FaqService>().CreateAsync(new FaqEntryInput("Can I rent a scooter at the store?", "Yes, ¥20 per hour.", [], "orders", "en"));
        var changed = await factory.GetService<KnowledgeBaseVersion>().GetAsync(default);
        var job = factory.GetService<AnswerCacheWarmupJob>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await job.WarmedVersionAsync(default) != changed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The warm-up did not run after the knowledge change.");
            await Task.Delay(200);
        }

        var scheduler = factory.GetService<JobScheduler>();
        var run = await scheduler.WaitForRunAsync((await scheduler.GetHistoryAsync(AnswerCacheWarmupJob.JobKey))[0].Id);
        Assert.Equal(JobRunOutcome.Ok, run.Outcome);
        Assert.Equal(JobTrigger.Manual, run.Trigger);
        Assert.Equal("system", run.RequestedBy);
        Assert.Contains("of the 2 most frequent questions", run.Summary, StringComparison.Ordinal);
        Assert.Equal(conversationsBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM conversations"));

        var answer = await (await factory.CreateClient().PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cache", answer.GetProperty("mode").GetString());
        Assert.Equal("How do I reset my password?", answer.GetProperty("citations")[0].GetProperty("title").GetString());
    }

    public sealed class WarmupFactory : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["QwenHelp:Jobs:WarmUpAfterChangeSeconds"] = "1" };
    }
}
