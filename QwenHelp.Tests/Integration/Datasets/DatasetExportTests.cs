using System.Text;
using System.Text.Json;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Datasets;
using QwenHelp.Infrastructure.Datasets;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Datasets;

/// <summary>The fine-tuning export over the demo FAQ and stored conversations (rated, handed off, refused, unanswered) with personal data in them.</summary>
public sealed class DatasetExportTests : IClassFixture<DatasetExportTests.Fixture>
{
    private static readonly string[] PersonalData = ["13800138000", "alice.w@example.net", "LM20250301001", "Alice Walker", "王小明", "13912345678", "110101199003074514"];

    private readonly Fixture _fixture;

    public DatasetExportTests(Fixture fixture) => _fixture = fixture;

    public sealed class Fixture : QwenHelpFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            for (var i = 0; i < 8; i++)
            {
                await ConversationSeed.StartedAt($"2026-10-0{1 + (i % 9)}T08:00:00Z")
                    .Turn($"Hi, my name is Alice Walker. Order LM20250301001 is late ({i}); call me on 13800138000 or alice.w@example.net", AnswerMode.Model, 200,
                        reply: "Sorry Alice Walker! Order LM20250301001 ships tomorrow; we will text 13800138000.")
                    .Rated(1).Closed().SaveAsync(this);
            }

            for (var i = 0; i < 4; i++)
            {
                await ConversationSeed.StartedAt($"2026-10-1{i}T08:00:00Z", "zh")
                    .Turn($"我叫王小明，身份证110101199003074514，电话13912345678，第{i}次问", AnswerMode.Model, 200, reply: "王小明您好，已为您登记13912345678。")
                    .Rated(1).Closed().SaveAsync(this);
            }

            // Rated thumbs-down: never a dialogue example.
            await ConversationSeed.StartedAt("2026-10-20T08:00:00Z").Turn("Is the lamp waterproof?", AnswerMode.Model, 200, reply: "BAD ANSWER").Rated(-1).Closed().SaveAsync(this);

            for (var i = 0; i < 3; i++)
            {
                await ConversationSeed.StartedAt($"2026-10-2{i}T09:00:00Z").Turn($"I want a human now, my number is 13800138000 ({i})", AnswerMode.Handoff, 50, handoff: "customer_request").SaveAsync(this);
                await ConversationSeed.StartedAt($"2026-10-2{i}T10:00:00Z").Turn($"Do you sell rockets {i}?", AnswerMode.Unanswered, 50, reply: "Sorry, I could not find an answer to that.").Closed().SaveAsync(this);
                await ConversationSeed.StartedAt($"2026-10-2{i}T11:00:00Z").Turn($"blocked words {i}", AnswerMode.Refused, 10, reply: "I can't help with that message.").Closed().SaveAsync(this);
            }
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private async Task<(DatasetExportResult Result, List<JsonElement> Lines, string Text)> ExportAsync(DatasetRequest request)
    {
        using var output = new MemoryStream();
        var result = await _fixture.GetService<DatasetExporter>().WriteAsync(output, request, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (result, lines, text);
    }

    private static int Count(List<JsonElement> lines, string kind) => lines.Count(l => l.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task TheExportHasTheRequestedMixInInstructionInputOutputForm()
    {
        var (result, lines, _) = await ExportAsync(new DatasetRequest(DatasetMix.Default, 20, null));

        Assert.Equal(20, lines.Count);
        Assert.Equal(12, Count(lines, "knowledge"));
        Assert.Equal(6, Count(lines, "dialogue"));
        Assert.Equal(2, Count(lines, "exception"));
        Assert.Equal(20, result.Total);
        Assert.All(lines, l =>
        {
            Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("instruction").GetString()));
            Assert.Equal(JsonValueKind.String, l.GetProperty("input").ValueKind);
            Assert.False(string.IsNullOrWhiteSpace(l.GetProperty("output").GetString()));
        });
        Assert.DoesNotContain(lines, l => l.GetProperty("output").GetString() == "BAD ANSWER");
    }

    [Fact]
    public async Task WhenDialogueExamplesRunShortTheExportShrinksAndKeepsTheMixWithinRounding()
    {
        var mix = new DatasetMix(50, 30, 20);

        var (result, lines, _) = await ExportAsync(new DatasetRequest(mix, 1000, null));

        Assert.Equal(ExampleKind.Dialogue, result.LimitedBy);
        Assert.Equal(12, Count(lines, "dialogue"));
        Assert.Equal(40, lines.Count);
        Assert.Equal(20, Count(lines, "knowledge"));
        Assert.Equal(8, Count(lines, "exception"));
    }

    [Fact]
    public async Task PersonalDataIsMaskedEverywhereButTheShopsAnswersStay()
    {
        var (_, lines, text) = await ExportAsync(new DatasetRequest(new DatasetMix(0, 70, 30), 100, null));

        foreach (var value in PersonalData)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }

        Assert.Contains("[PHONE]", text, StringComparison.Ordinal);
        Assert.Contains("[EMAIL]", text, StringComparison.Ordinal);
        Assert.Contains("[ORDER_ID]", text, StringComparison.Ordinal);
        Assert.Contains("[NAME]", text, StringComparison.Ordinal);
        Assert.Contains("[ID_NUMBER]", text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.GetProperty("output").GetString() == "Sorry [NAME]! Order [ORDER_ID] ships tomorrow; we will text [PHONE].");
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "exception" && l.GetProperty("instruction").GetString()!.StartsWith("I want a human now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALanguageFilterKeepsOnlyThatLanguage()
    {
        var (_, lines, _) = await ExportAsync(new DatasetRequest(new DatasetMix(80, 20, 0), 20, "zh"));

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("zh", l.GetProperty("language").GetString()));
        Assert.Equal(4, Count(lines, "dialogue"));
    }

    [Fact]
    public async Task TheScheduledJobWritesAFileUnderTheExportsFolder()
    {
        var job = _fixture.GetService<IEnumerable<Infrastructure.Jobs.IBackgroundJob>>().Single(j => j.Key == ExportDatasetJob.JobKey);

        var outcome = await job.RunAsync(new Infrastructure.Jobs.JobRunContext(new Progress<Infrastructure.Jobs.JobProgress>()), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_fixture.DataFolder, "exports"), "dataset-*.jsonl"));
        Assert.Contains(Path.GetFileName(file), outcome.Summary, StringComparison.Ordinal);
        Assert.True(File.ReadAllLines(file).Length > 0);
    }
}
