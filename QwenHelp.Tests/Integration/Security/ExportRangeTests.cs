using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using QwenHelp.Infrastructure.Transcripts;
using QwenHelp.Tests.Support;
using QwenHelp.Web.Admin;

namespace QwenHelp.Tests.Integration.Security;

public class ExportRangeTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    [Fact]
    public async Task AConversationExportToTheLastDayOfTheCalendarIsWrittenWhole()
    {
        await factory.CreateClient().PostAsync("/api/chat", new StringContent("{\"message\":\"How do I reset my password?\"}", Encoding.UTF8, "application/json"));
        var (filter, error) = ConversationFilterQuery.Parse(new QueryCollection(new Dictionary<string, StringValues> { ["from"] = "0001-01-01", ["to"] = "9999-12-31" }));
        Assert.Null(error);
        using var output = new MemoryStream();

        await factory.GetService<TranscriptExporter>().WriteAsync(output, filter!, TranscriptFormat.Jsonl);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => System.Text.Json.JsonDocument.Parse(line).Dispose());
    }
}
