using QwenHelp.Infrastructure.Search.Evaluation;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Retrieval;

public sealed class EvaluationFilesTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, params string[] lines) => _folder.WriteLines(name, lines);

    [Fact]
    public void ReadsFaqAndQueryLinesSkippingBlankLines()
    {
        var faq = EvaluationFiles.ReadFaq(Write("faq.jsonl",
            """{"id":"reset","question":"How do I reset my password?","answer":"Tap 'Forgot password'."}""",
            "",
            """{"id":7,"question":"退货要多久?","answer":"七天。","alternates":["退货时间"]}"""));
        var queries = EvaluationFiles.ReadQueries(Write("q.jsonl", """{"query":"forgot pw","gold":["reset"]}""", """{"query":"退货","gold":[7]}"""),
            faq.Items.Select(f => f.Id).ToHashSet());

        Assert.True(faq.Succeeded);
        Assert.Equal(["reset", "7"], faq.Items.Select(f => f.Id));
        Assert.Equal("zh", faq.Items[1].Input.Language);
        Assert.Equal(["退货时间"], faq.Items[1].Input.AlternateQuestions!);
        Assert.Equal(3, faq.Items[1].Line);
        Assert.True(queries.Succeeded);
        Assert.Equal(["7"], queries.Items[1].Gold);
    }

    [Fact]
    public void ReportsEveryProblemWithItsLineNumber()
    {
        var path = Write("faq.jsonl",
            """{"id":"a","question":"Q","answer":"A"}""",
            """{"id":"a","question":"Q2","answer":"A2"}""",
            """{"id":"b","question":"Q"}""",
            "{not json",
            """["a list"]""",
            """{"id":"c","question":42,"answer":"A"}""",
            """{"id":"d","question":"  ","answer":"A","language":"fr"}""");

        var faq = EvaluationFiles.ReadFaq(path);

        Assert.Equal(
        [
            $"{path}:2: the id \"a\" is already used on line 1",
            $"{path}:3: \"answer\" is missing",
            $"{path}:4: not valid JSON",
            $"{path}:5: expected a JSON object, found a list",
            $"{path}:6: \"question\" must be a string, not a number",
            $"{path}:7: \"question\" is empty",
            $"{path}:7: \"language\" must be one of zh, en, not \"fr\"",
        ], faq.Errors.Select(e => e.StartsWith($"{path}:4: not valid JSON", StringComparison.Ordinal) ? $"{path}:4: not valid JSON" : e));
    }

    [Fact]
    public void ReportsQueriesWithoutGoldOrWithUnknownIds()
    {
        var path = Write("q.jsonl",
            """{"query":"x"}""",
            """{"query":"x","gold":[]}""",
            """{"query":"x","gold":["nope","a"]}""",
            """{"query":"","gold":["a"]}""",
            """{"query":"x","gold":"a"}""");

        var queries = EvaluationFiles.ReadQueries(path, new HashSet<string> { "a" });

        Assert.Equal(
        [
            $"{path}:1: \"gold\" is missing (a list of the FAQ ids that answer the query)",
            $"{path}:2: \"gold\" is empty: name at least one FAQ id that answers the query",
            $"{path}:3: gold id not in the FAQ file: \"nope\"",
            $"{path}:4: \"query\" is empty",
            $"{path}:5: \"gold\" must be a list of strings, not string",
        ], queries.Errors);
    }

    [Fact]
    public void ReportsAMissingOrEmptyFile()
    {
        Assert.Contains("cannot be read", Assert.Single(EvaluationFiles.ReadFaq(Path.Combine(_folder.Path, "missing.jsonl")).Errors), StringComparison.Ordinal);
        Assert.Contains("no FAQ entries", Assert.Single(EvaluationFiles.ReadFaq(Write("empty.jsonl", "", "  ")).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void IndexesTheBeginningOfTextsLongerThanTheAppAcceptsWithAWarning()
    {
        var path = Write("long.jsonl", $$"""{"id":"x","question":"{{new string('q', 600)}}","answer":"{{new string('a', 9000)}}"}""");

        var faq = EvaluationFiles.ReadFaq(path);

        Assert.True(faq.Succeeded);
        Assert.Equal(500, faq.Items[0].Input.Question.Length);
        Assert.Equal(8000, faq.Items[0].Input.Answer.Length);
        Assert.Equal([$"{path}:1: the question is longer than 500 characters; its beginning is indexed", $"{path}:1: the answer is longer than 8,000 characters; its beginning is indexed"], faq.Warnings!);
    }
}
