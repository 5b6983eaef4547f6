using System.Text.Json;
using QwenHelp.Tests.Support;
using QwenHelp.Tools;

namespace QwenHelp.Tests.Integration.Tools;

/// <summary>The <c>eval retrieval</c> and <c>bench retrieval</c> verbs on small inputs, as an operator runs them.</summary>
public sealed class RetrievalCommandsTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, params string[] lines) => _folder.WriteLines(name, lines);

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await CliCommands.InvokeAsync(args, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    private string Faq() => Write("faq.jsonl",
        """{"id":"reset","question":"How do I reset my password?","answer":"Tap 'Forgot password' on the sign-in page."}""",
        """{"id":"refund","question":"How long does a refund take?","answer":"Refunds arrive within 3 business days."}""",
        """{"id":"ship","question":"How much is shipping?","answer":"Free over ¥99, otherwise ¥8."}""",
        """{"id":"退款","question":"退款多久到账?","answer":"审核通过后1-3个工作日到账。"}""",
        """{"id":"invoice","question":"How do I get an invoice?","answer":"Choose 'Electronic invoice' at checkout."}""");

    [Fact]
    public async Task EvalPrintsTheFiguresOfEachModeAsATableAndOneJsonLine()
    {
        var queries = Write("queries.jsonl",
            """{"query":"forgot my pasword","gold":["reset"]}""",
            """{"query":"when do i get my money back","gold":["refund","退款"]}""",
            """{"query":"退款几天到","gold":["退款"]}""",
            """{"query":"delivery cost","gold":["ship"]}""",
            """{"query":"fapiao invoice","gold":["invoice"]}""");

        var (code, output, _) = await RunAsync("eval", "retrieval", "--faq", Faq(), "--queries", queries);

        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("keyword ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hybrid ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(5, json.RootElement.GetProperty("faq").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("queries").GetInt32());
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["keyword", "vector", "hybrid"], results.Select(r => r.GetProperty("mode").GetString()));
        Assert.All(results, r =>
        {
            Assert.InRange(r.GetProperty("hit1").GetDouble(), 0, 1);
            Assert.True(r.GetProperty("hit5").GetDouble() >= r.GetProperty("hit1").GetDouble());
            Assert.True(r.GetProperty("p99Ms").GetDouble() >= r.GetProperty("p50Ms").GetDouble());
        });
        Assert.Equal(1.0, results[2].GetProperty("hit5").GetDouble());
    }

    [Fact]
    public async Task EvalReportsBadLinesByNumberAndMeasuresNothing()
    {
        var faq = Faq();
        var queries = Write("queries.jsonl",
            """{"query":"forgot my password","gold":["reset"]}""",
            """{"query":"nothing","gold":["unknown-id"]}""",
            """{"query":"broken" """);

        var (code, output, errors) = await RunAsync("eval", "retrieval", "--faq", faq, "--queries", queries, "--mode", "hybrid");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"{queries}:2: gold id not in the FAQ file: \"unknown-id\"", errors, StringComparison.Ordinal);
        Assert.Contains($"{queries}:3: not valid JSON", errors, StringComparison.Ordinal);
        Assert.Contains("2 problem(s) in the input; nothing was measured.", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "eval", "retrieval" }, "Both --faq and --queries are required.")]
    [InlineData(new[] { "eval", "retrieval", "--faq", "f", "--queries", "q", "--mode", "fuzzy" }, "--mode must be keyword, vector, hybrid or all")]
    [InlineData(new[] { "eval", "retrieval", "--faq" }, "'--faq' needs a value.")]
    [InlineData(new[] { "eval", "retrieval", "--frobnicate", "1" }, "Unknown option '--frobnicate'.")]
    [InlineData(new[] { "bench", "retrieval", "--chunks", "ten" }, "--chunks takes sizes from 1 to 10,000,000")]
    [InlineData(new[] { "bench", "retrieval", "--chunks", "100", "--queries", "0" }, "--queries takes a number from 1 to 100,000")]
    public async Task RefusesBadArgumentsWithUsage(string[] args, string message)
    {
        var (code, _, errors) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.Contains("Usage:", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchIndexesASyntheticCorpusAndReportsThroughputLatencyAndMemory()
    {
        var (code, output, _) = await RunAsync("bench", "retrieval", "--chunks", "150", "--queries", "20");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var result = Assert.Single(json.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal(150, result.GetProperty("chunks").GetInt32());
        Assert.True(result.GetProperty("chunksPerSecond").GetDouble() > 0);
        Assert.True(result.GetProperty("vectorMb").GetInt64() >= 0);
        Assert.Equal(["keyword", "vector", "hybrid", "fts5-bm25"], result.GetProperty("modes").EnumerateArray().Select(m => m.GetProperty("mode").GetString()));
    }

    [Fact]
    public async Task NeitherCommandLeavesADatabaseBehind()
    {
        var isolated = Path.Combine(Path.GetTempPath(), "qwenhelp-isolated");
        var before = Directory.Exists(isolated) ? Directory.GetDirectories(isolated).ToHashSet() : [];

        await RunAsync("eval", "retrieval", "--faq", Faq(), "--queries", Write("q.jsonl", """{"query":"refund","gold":["refund"]}"""), "--mode", "keyword");

        var after = Directory.Exists(isolated) ? Directory.GetDirectories(isolated).ToHashSet() : [];
        Assert.Empty(after.Except(before));
    }
}
