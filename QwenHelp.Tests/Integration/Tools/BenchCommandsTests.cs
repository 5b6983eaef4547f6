using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using QwenHelp.Tests.Support;
using QwenHelp.Tools;

namespace QwenHelp.Tests.Integration.Tools;

/// <summary>
/// Each bench verb of QwenHelp.Tools run with tiny arguments, as a developer runs it: it finishes, and the
/// figures it prints exist and make sense (the figures themselves are the machine's, so only their shape is checked).
/// </summary>
public sealed class BenchCommandsTests
{
    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await CliCommands.InvokeAsync(args, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    private static JsonElement LastJsonLine(string output)
    {
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task TheHelpListsEveryVerb()
    {
        var (code, output, _) = await RunAsync("bench", "--help");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "chat-engine", "chat", "retrieval", "generate", "reembed", "archive" })
        {
            Assert.Matches(new Regex($@"^\s+{Regex.Escape(verb)}\s", RegexOptions.Multiline), output);
        }
    }

    [Fact]
    public async Task AnUnknownVerbIsRefusedAndNothingRuns()
    {
        var (code, output, errors) = await RunAsync("bench", "frobnicate");

        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatEngineAnswersDirectCachedAndModelTurnsOverTheDemoKnowledgeBase()
    {
        var (code, output, errors) = await RunAsync("bench", "chat-engine", "--turns", "50");

        Assert.True(code == 0, errors);
        var results = LastJsonLine(output).GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("mode").GetString()!);
        Assert.Equal(["direct", "cache", "model"], results.Keys);
        // Retrieval is set up: the demo FAQ questions are answered directly, then from the cache.
        Assert.True(results["direct"].GetProperty("turns").GetInt32() > 10, output);
        // Asked again, every one comes from the cache (questions that read the same were already cached in the first pass).
        Assert.True(results["cache"].GetProperty("turns").GetInt32() >= results["direct"].GetProperty("turns").GetInt32(), output);
        Assert.Equal(50, results["model"].GetProperty("turns").GetInt32());
        Assert.All(results.Values, r =>
        {
            Assert.True(r.GetProperty("turnsPerSecond").GetDouble() > 0);
            Assert.True(r.GetProperty("p99Ms").GetDouble() >= r.GetProperty("p50Ms").GetDouble());
        });
        var overhead = LastJsonLine(output).GetProperty("overhead");
        Assert.InRange(overhead.GetProperty("promptTokens").GetInt32(), 1000, 32768);
    }

    [Fact]
    public async Task ChatEngineRefusesABadTurnCount()
    {
        var (code, _, errors) = await RunAsync("bench", "chat-engine", "--turns", "many");

        Assert.Equal(2, code);
        Assert.Contains("Usage: bench chat-engine", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatStartsTheAppAndLoadsItsChatApi()
    {
        var (code, output, errors) = await RunAsync("bench", "chat", "--concurrency", "2", "--seconds", "1", "--warmup", "0");

        Assert.True(code == 0, errors + output);
        Assert.Contains("all 12 questions are answered directly from the FAQ", output, StringComparison.Ordinal);
        var level = Assert.Single(LastJsonLine(output).GetProperty("levels").EnumerateArray());
        Assert.Equal(2, level.GetProperty("concurrency").GetInt32());
        Assert.True(level.GetProperty("requests").GetInt32() > 0);
        Assert.Equal(0, level.GetProperty("errors").GetInt32());
        Assert.True(LastJsonLine(output).GetProperty("serverResidentMb").GetDouble() > 0);
    }

    [Fact]
    public async Task ReembedEmbedsEveryChunkOfTheSyntheticCorpus()
    {
        var (code, output, errors) = await RunAsync("bench", "reembed", "--chunks", "200", "--batch", "64");

        Assert.True(code == 0, errors);
        var json = LastJsonLine(output);
        Assert.Equal(200, json.GetProperty("chunks").GetInt32());
        Assert.Equal(200, json.GetProperty("vectors").GetInt32());
        Assert.True(json.GetProperty("chunksPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task ArchiveArchivesEveryConversationOnceAndRestoresADay()
    {
        var (code, output, errors) = await RunAsync("bench", "archive", "--conversations", "40", "--days", "4");

        Assert.True(code == 0, errors);
        var json = LastJsonLine(output);
        Assert.Equal(40, json.GetProperty("conversations").GetInt32());
        Assert.InRange(json.GetProperty("files").GetInt32(), 1, 4);
        Assert.True(json.GetProperty("restoreConversations").GetInt32() > 0);
        Assert.True(json.GetProperty("conversationsPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task GenerateReportsPrefillAndDecodeThroughputOfAModelFolder()
    {
        var (code, output, errors) = await RunAsync("bench", "generate", "--model", TinyModel.Folder, "--prompt-tokens", "16", "--new-tokens", "4", "--runs", "1");

        Assert.True(code == 0, errors);
        var decode = Regex.Match(output, @"^decode\s+([0-9.]+) tokens/s \((\d+) steps", RegexOptions.Multiline);
        Assert.True(decode.Success, output);
        Assert.True(double.Parse(decode.Groups[1].Value, CultureInfo.InvariantCulture) > 0);
        Assert.InRange(int.Parse(decode.Groups[2].Value, CultureInfo.InvariantCulture), 1, 4);
    }
}
