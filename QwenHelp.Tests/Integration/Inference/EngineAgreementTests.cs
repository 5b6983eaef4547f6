using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>
/// Before our decode loop goes: it and ONNX Runtime GenAI run the same tiny model on the same prompt
/// ids and must choose the same greedy tokens (docs/decisions/0120).
/// </summary>
public class EngineAgreementTests(TinyModelFixture ours, GenAiTinyModelFixture genAi) : IClassFixture<TinyModelFixture>, IClassFixture<GenAiTinyModelFixture>
{
    private const string Tools = """
        <|im_start|>system
        You are the assistant of Lumen Mall.

        # Tools

        You may call one or more functions to assist with the user query.

        You are provided with function signatures within <tools></tools> XML tags:
        <tools>
        {"type": "function", "function": {"name": "lookup_order", "description": "Finds an order by its number", "parameters": {"type": "object", "properties": {"order_number": {"type": "string"}}, "required": ["order_number"]}}}
        </tools>

        For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
        <tool_call>
        {"name": <function-name>, "arguments": <args-json-object>}
        </tool_call><|im_end|>
        <|im_start|>user
        Where is order 20240601123?<|im_end|>
        <|im_start|>assistant
        <tool_call>
        {"name": "lookup_order", "arguments": {"order_number": "20240601123"}}
        </tool_call><|im_end|>
        <|im_start|>user
        <tool_response>
        {"status": "shipped", "carrier": "SF Express"}
        </tool_response><|im_end|>
        <|im_start|>assistant

        """;

    public static TheoryData<string, string> Prompts => new()
    {
        { "chinese", "<|im_start|>user\n我上周买的蓝牙耳机还没有发货，订单号 20240601123，请问什么时候能到？<|im_end|>\n<|im_start|>assistant\n" },
        { "english", "<|im_start|>system\nYou are the customer service assistant of Lumen Mall.<|im_end|>\n<|im_start|>user\nHow long does a refund take to reach my credit card?<|im_end|>\n<|im_start|>assistant\n" },
        { "tool call", Tools },
        { "long context", "<|im_start|>system\n" + string.Concat(Enumerable.Repeat("退货政策：收到商品七天内可无理由退货。Returns are accepted within 30 days with the receipt. ", 60)) + "<|im_end|>\n<|im_start|>user\n可以退货吗？<|im_end|>\n<|im_start|>assistant\n" },
    };

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task OurLoopAndGenAiChooseTheSameGreedyTokens(string kind, string prompt)
    {
        var ids = ours.Model.Tokenizer.Encode(prompt).ToArray();
        var settings = new GenerationSettings { MaxNewTokens = 24, Temperature = 0 };

        var fromOurs = await ours.RunAsync(prompt, settings);
        var fromGenAi = await genAi.RunAsync(ids, settings);

        Assert.True(fromOurs.Tokens.Count > 0, kind);
        Assert.Equal(fromOurs.Tokens, fromGenAi.Tokens);
        Assert.Equal(fromOurs.Last.Finish, fromGenAi.Last.Finish);
    }

    [Fact]
    public void BothTokenizeThePromptsToTheSameIds()
    {
        foreach (var prompt in Prompts.Select(row => (string)row[1]))
        {
            Assert.Equal(ours.Model.Tokenizer.Encode(prompt).ToArray(), genAi.Model.Encode(prompt));
        }
    }
}
