using System.Net;
using System.Text;
using System.Text.Json;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Transcripts;
using QwenHelp.Tests.Integration.Analytics;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Transcripts;

public class ConversationReviewTests(SeededAnalyticsFactory factory) : IClassFixture<SeededAnalyticsFactory>
{
    private static readonly ConversationFilter March = new(SeededAnalyticsFactory.First, SeededAnalyticsFactory.Last);

    private ConversationBrowser Browser => factory.GetService<ConversationBrowser>();

    private async Task<List<string?>> FirstQuestionsAsync(ConversationFilter filter) =>
        (await Browser.ListAsync(filter, 0, 50)).Rows.Select(r => r.FirstQuestion).ToList();

    [Fact]
    public async Task TheListIsNewestFirstWithinTheDateRange()
    {
        var page = await Browser.ListAsync(March, 0, 50);

        Assert.Equal(4, page.Total);
        Assert.Equal(["How do I reset my password", "如何退货", "Do you ship to Antarctica?", "How do I reset my password?"], page.Rows.Select(r => r.FirstQuestion));
    }

    [Fact]
    public async Task PagesSplitTheListAndKeepTheTotal()
    {
        var second = await Browser.ListAsync(March, 2, 2);

        Assert.Equal(4, second.Total);
        Assert.Equal(["Do you ship to Antarctica?", "How do I reset my password?"], second.Rows.Select(r => r.FirstQuestion));
    }

    [Fact]
    public async Task FiltersByAnswerModeHandoffRatingLanguageAndText()
    {
        Assert.Equal(["Do you ship to Antarctica?"], await FirstQuestionsAsync(March with { Mode = AnswerMode.Agent }));
        Assert.Equal(["如何退货"], await FirstQuestionsAsync(March with { Mode = AnswerMode.Model }));
        Assert.Equal(["Do you ship to Antarctica?"], await FirstQuestionsAsync(March with { HandedOff = true }));
        Assert.Equal(3, (await FirstQuestionsAsync(March with { HandedOff = false })).Count);
        Assert.Equal(["Do you ship to Antarctica?"], await FirstQuestionsAsync(March with { Rating = RatingFilter.Negative }));
        Assert.Equal(["如何退货", "How do I reset my password?"], await FirstQuestionsAsync(March with { Rating = RatingFilter.Positive }));
        Assert.Equal(["How do I reset my password"], await FirstQuestionsAsync(March with { Rating = RatingFilter.Unrated }));
        Assert.Equal(["如何退货"], await FirstQuestionsAsync(March with { Language = "zh" }));
        Assert.Equal(["Do you ship to Antarctica?"], await FirstQuestionsAsync(March with { Text = "this is ann" }));
    }

    [Fact]
    public async Task SearchTextIsNeverAPattern()
    {
        Assert.Empty(await FirstQuestionsAsync(March with { Text = "%" }));
        Assert.Empty(await FirstQuestionsAsync(March with { Text = "_" }));
    }

    [Fact]
    public async Task ATranscriptHasEveryMessageWithItsMetricsToolCallsAndRatings()
    {
        var id = (await Browser.ListAsync(March with { Language = "zh" }, 0, 1)).Rows[0].Id;

        var transcript = await Browser.GetTranscriptAsync(id);

        Assert.NotNull(transcript);
        Assert.Equal([MessageRole.Customer, MessageRole.Assistant, MessageRole.Customer, MessageRole.Assistant], transcript.Messages.Select(m => m.Message.Role));
        var modelAnswer = transcript.Messages[3];
        Assert.Equal((AnswerMode.Model, 2000, 400), (modelAnswer.Metrics!.AnswerMode, modelAnswer.Metrics.LatencyMs, modelAnswer.Metrics.TtftMs));
        Assert.Equal([("query_order_status", false), ("create_ticket", true)], modelAnswer.ToolCalls.Select(t => (t.Name, t.Succeeded)));
        Assert.Equal([1, 1], modelAnswer.Feedback.Select(f => f.Rating));
    }

    [Fact]
    public async Task AnUnknownConversationHasNoTranscript() => Assert.Null(await Browser.GetTranscriptAsync(Guid.NewGuid()));

    [Fact]
    public async Task TheCsvExportHasOneRowPerMessageOfTheFilteredConversations()
    {
        var csv = await ExportAsync(March with { HandedOff = false }, TranscriptFormat.Csv);

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("conversation_id,conversation_started,language", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 4 + 4 + 4, lines.Length);
        Assert.Contains(lines, l => l.Contains("退货运费谁出", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Antarctica", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheJsonlExportHasOneConversationALineWithItsMessages()
    {
        var jsonl = await ExportAsync(March, TranscriptFormat.Jsonl);

        var conversations = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, conversations.Count);
        var handedOff = Assert.Single(conversations, c => c.GetProperty("handedOff").GetBoolean());
        Assert.Equal("customer_request", handedOff.GetProperty("handoffReason").GetString());
        Assert.Equal(7, handedOff.GetProperty("messages").GetArrayLength());
        Assert.Equal("agent", handedOff.GetProperty("messages")[6].GetProperty("role").GetString());
    }

    [Fact]
    public async Task ACustomerMessageThatLooksLikeAFormulaIsExportedAsText()
    {
        await ConversationSeed.StartedAt("2024-05-01T10:00:00Z").Turn("=HYPERLINK(\"http://evil.example\",\"click\")", AnswerMode.Unanswered, 5).SaveAsync(factory);

        var csv = await ExportAsync(new ConversationFilter(new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 1)), TranscriptFormat.Csv);

        Assert.Contains("\"'=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK(", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportNeedsASignedInAdmin()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/api/admin/conversations/export?format=csv", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("conversation_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync(ConversationFilter filter, TranscriptFormat format)
    {
        using var output = new MemoryStream();
        await factory.GetService<TranscriptExporter>().WriteAsync(output, filter, format);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
