using System.Text.Json;
using Microsoft.Extensions.AI;
using QwenHelp.Infrastructure.Inference.Backends;

namespace QwenHelp.Tests.Unit.Inference;

public class QwenChatFormatTests
{
    private static readonly ChatOptions WithTool = new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration("get_order", "Looks up an order", JsonDocument.Parse("""{"type":"object","properties":{"id":{"type":"integer"}}}""").RootElement)],
    };

    [Fact]
    public void FormatsSystemAndUserTurnsAsChatMl()
    {
        var prompt = QwenChatFormat.Format([new(ChatRole.System, "You help shoppers."), new(ChatRole.User, "你好")], null, qwen3Thinking: false);

        Assert.Equal("<|im_start|>system\nYou help shoppers.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public void Qwen3TemplateGetsAnEmptyThinkBlockSoTheModelAnswersDirectly()
    {
        var prompt = QwenChatFormat.Format([new(ChatRole.User, "hi")], null, qwen3Thinking: true);

        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolsAreListedInTheSystemTurnTheQwenWay()
    {
        var prompt = QwenChatFormat.Format([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Where is order 42?")], WithTool, qwen3Thinking: false);

        Assert.StartsWith("<|im_start|>system\nBe brief.\n\n# Tools\n\nYou may call one or more functions", prompt, StringComparison.Ordinal);
        Assert.Contains("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"get_order\",\"description\":\"Looks up an order\",\"parameters\":{\"type\":\"object\"", prompt, StringComparison.Ordinal);
        Assert.Contains("</tool_call><|im_end|>\n<|im_start|>user\nWhere is order 42?<|im_end|>", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolCallsAndResultsAreFedBackAsToolCallAndToolResponse()
    {
        var call = new FunctionCallContent("call_1", "get_order", new Dictionary<string, object?> { ["id"] = 42 });
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Where is order 42?"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "{\"status\":\"shipped\"}")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", "second")]),
        ];

        var prompt = QwenChatFormat.Format(messages, WithTool, qwen3Thinking: false);

        Assert.Contains("<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_order\", \"arguments\": {\"id\":42}}\n</tool_call><|im_end|>\n", prompt, StringComparison.Ordinal);
        Assert.Contains("<|im_start|>user\n<tool_response>\n{\"status\":\"shipped\"}\n</tool_response>\n<tool_response>\nsecond\n</tool_response><|im_end|>\n<|im_start|>assistant\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedToolCallsBecomeFunctionCalls()
    {
        var parsed = QwenChatFormat.ParseAnswer("Let me check.\n<tool_call>\n{\"name\": \"get_order\", \"arguments\": {\"id\": 42}}\n</tool_call>\n<tool_call>\n{\"name\": \"track\", \"arguments\": \"{\\\"carrier\\\": \\\"SF\\\"}\"}\n</tool_call>");

        Assert.Empty(parsed.Errors);
        var calls = parsed.Calls.ToList();
        Assert.Equal(["get_order", "track"], calls.Select(c => c.Name));
        Assert.Equal(42, ((JsonElement)calls[0].Arguments!["id"]!).GetInt32());
        Assert.Equal("SF", ((JsonElement)calls[1].Arguments!["carrier"]!).GetString());
        Assert.Equal("Let me check.", parsed.Contents.OfType<TextContent>().Single().Text);
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"get_order\", \"arguments\": {\"id\": 42}\n</tool_call>", "not valid JSON")]
    [InlineData("<tool_call>\n{\"arguments\": {}}\n</tool_call>", "no \"name\"")]
    [InlineData("<tool_call>\n{\"name\": \"get_order\", \"arguments\": [1, 2]}\n</tool_call>", "not a JSON object")]
    [InlineData("<tool_call>\n{\"name\": \"get_order\", \"argu", "not closed")]
    public void MalformedToolCallsStayTextAndAreReported(string output, string problem)
    {
        var parsed = QwenChatFormat.ParseAnswer(output);

        Assert.Empty(parsed.Calls);
        Assert.Contains(parsed.Errors, e => e.Contains(problem, StringComparison.Ordinal));
        Assert.Contains("<tool_call>", parsed.Contents.OfType<TextContent>().Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LeadingThinkBlockIsDropped()
    {
        var parsed = QwenChatFormat.ParseAnswer("<think>\nThe user wants a refund.\n</think>\n\nSure, here is how.");

        Assert.Equal("Sure, here is how.", parsed.Contents.OfType<TextContent>().Single().Text);
    }

    [Fact]
    public void StreamFilterShowsTextBeforeAToolCallAndHoldsTheCall()
    {
        var filter = new AnswerStreamFilter(watchToolCalls: true);
        var pieces = new[] { "Checking", " now.\n<tool", "_call>\n{\"name\": \"get_order\"", ", \"arguments\": {}}\n</tool_call>" };

        var shown = string.Concat(pieces.Select(filter.Push)) + filter.Flush();

        Assert.Equal("Checking now.\n", shown);
        Assert.Single(QwenChatFormat.ParseAnswer(filter.HeldToolText).Calls);
    }

    [Fact]
    public void StreamFilterReleasesAnAngleBracketThatIsNotAToolCall()
    {
        var filter = new AnswerStreamFilter(watchToolCalls: true);

        var shown = filter.Push("a <to") + filter.Push("ken> b") + filter.Flush();

        Assert.Equal("a <token> b", shown);
        Assert.Equal("", filter.HeldToolText);
    }

    [Fact]
    public void StreamFilterDropsThinking()
    {
        var filter = new AnswerStreamFilter(watchToolCalls: false);

        var shown = filter.Push("<thi") + filter.Push("nk>\nhmm</th") + filter.Push("ink>\n\nAnswer") + filter.Flush();

        Assert.Equal("Answer", shown);
    }
}
