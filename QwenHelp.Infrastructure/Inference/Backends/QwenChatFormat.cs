using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// Qwen's chat template (ChatML) written out in code: system, user, assistant and tool turns, the tool
/// list in the system turn, assistant tool calls as &lt;tool_call&gt;{json}&lt;/tool_call&gt;, tool results as
/// &lt;tool_response&gt; in a user turn, and Qwen3's empty think block when thinking is off. It produces
/// the same text as the Jinja template of Qwen2.5/Qwen3's tokenizer_config.json for these messages.
/// </summary>
public static class QwenChatFormat
{
    private static readonly JsonSerializerOptions ToolJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The prompt for <paramref name="messages"/>, ending with the assistant's turn opened.</summary>
    public static string Format(IEnumerable<ChatMessage> messages, ChatOptions? options, bool qwen3Thinking)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var system = new List<string>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(options.Instructions);
        }

        var start = 0;
        if (list.Count > 0 && list[0].Role == ChatRole.System)
        {
            system.Add(list[0].Text);
            start = 1;
        }

        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        var prompt = new StringBuilder();
        if (tools.Count > 0)
        {
            prompt.Append("<|im_start|>system\n");
            if (system.Count > 0)
            {
                prompt.Append(string.Join("\n\n", system)).Append("\n\n");
            }

            prompt.Append("# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>");
            foreach (var tool in tools)
            {
                prompt.Append('\n').Append(JsonSerializer.Serialize(new
                {
                    type = "function",
                    function = new { name = tool.Name, description = tool.Description, parameters = tool.JsonSchema },
                }, ToolJson));
            }

            prompt.Append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n");
        }
        else if (system.Count > 0)
        {
            prompt.Append("<|im_start|>system\n").Append(string.Join("\n\n", system)).Append("<|im_end|>\n");
        }

        for (var i = start; i < list.Count; i++)
        {
            var message = list[i];
            if (message.Role == ChatRole.Tool || (message.Contents.Count > 0 && message.Contents.All(c => c is FunctionResultContent)))
            {
                var firstOfRun = i == start || !IsToolMessage(list[i - 1]);
                var lastOfRun = i == list.Count - 1 || !IsToolMessage(list[i + 1]);
                if (firstOfRun)
                {
                    prompt.Append("<|im_start|>user");
                }

                foreach (var result in message.Contents.OfType<FunctionResultContent>())
                {
                    prompt.Append("\n<tool_response>\n").Append(ResultText(result.Result)).Append("\n</tool_response>");
                }

                if (!message.Contents.OfType<FunctionResultContent>().Any())
                {
                    prompt.Append("\n<tool_response>\n").Append(message.Text).Append("\n</tool_response>");
                }

                if (lastOfRun)
                {
                    prompt.Append("<|im_end|>\n");
                }
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var content = message.Text;
                prompt.Append("<|im_start|>assistant\n").Append(content);
                var first = true;
                foreach (var call in message.Contents.OfType<FunctionCallContent>())
                {
                    if (!first || content.Length > 0)
                    {
                        prompt.Append('\n');
                    }

                    first = false;
                    prompt.Append("<tool_call>\n{\"name\": \"").Append(call.Name).Append("\", \"arguments\": ")
                        .Append(JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), ToolJson)).Append("}\n</tool_call>");
                }

                prompt.Append("<|im_end|>\n");
            }
            else
            {
                var role = message.Role == ChatRole.System ? "system" : "user";
                prompt.Append("<|im_start|>").Append(role).Append('\n').Append(message.Text).Append("<|im_end|>\n");
            }
        }

        prompt.Append("<|im_start|>assistant\n");
        if (qwen3Thinking)
        {
            // enable_thinking=false in Qwen3's template: an empty think block, the answer follows.
            prompt.Append("<think>\n\n</think>\n\n");
        }

        return prompt.ToString();
    }

    private static bool IsToolMessage(ChatMessage message) =>
        message.Role == ChatRole.Tool || (message.Contents.Count > 0 && message.Contents.All(c => c is FunctionResultContent));

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString() ?? "",
        _ => JsonSerializer.Serialize(result, ToolJson),
    };

    /// <summary>
    /// Splits a finished answer into text and tool calls. A well-formed call
    /// (<c>&lt;tool_call&gt;{"name": ..., "arguments": {...}}&lt;/tool_call&gt;</c>) becomes a
    /// <see cref="FunctionCallContent"/>; a malformed one stays text and is reported in <see cref="ParsedAnswer.Errors"/>.
    /// </summary>
    public static ParsedAnswer ParseAnswer(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var text = StripThinking(output);
        var contents = new List<AIContent>();
        var errors = new List<string>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("<tool_call>", i, StringComparison.Ordinal);
            if (open < 0)
            {
                plain.Append(text, i, text.Length - i);
                break;
            }

            plain.Append(text, i, open - i);
            var bodyStart = open + "<tool_call>".Length;
            var close = text.IndexOf("</tool_call>", bodyStart, StringComparison.Ordinal);
            var body = close < 0 ? text[bodyStart..] : text[bodyStart..close];
            var end = close < 0 ? text.Length : close + "</tool_call>".Length;
            if (close < 0)
            {
                errors.Add("a <tool_call> was not closed with </tool_call>");
                plain.Append(text, open, end - open);
            }
            else if (TryParseCall(body, out var call, out var problem))
            {
                contents.Add(call!);
            }
            else
            {
                errors.Add(problem!);
                plain.Append(text, open, end - open);
            }

            i = end;
        }

        var remaining = plain.ToString().Trim();
        if (remaining.Length > 0)
        {
            contents.Insert(0, new TextContent(remaining));
        }

        return new ParsedAnswer(contents, errors);
    }

    private static bool TryParseCall(string body, out FunctionCallContent? call, out string? problem)
    {
        call = null;
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Trim());
        }
        catch (JsonException ex)
        {
            problem = $"a tool call is not valid JSON ({ex.Message.Split('.')[0]})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                problem = "a tool call has no \"name\"";
                return false;
            }

            var arguments = new Dictionary<string, object?>();
            if (root.TryGetProperty("arguments", out var args))
            {
                var parsed = args;
                if (args.ValueKind == JsonValueKind.String)
                {
                    try
                    {
                        parsed = JsonDocument.Parse(args.GetString()!).RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        problem = $"the arguments of tool call '{name.GetString()}' are not a JSON object";
                        return false;
                    }
                }

                if (parsed.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in parsed.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value.Clone();
                    }
                }
                else if (parsed.ValueKind != JsonValueKind.Null)
                {
                    problem = $"the arguments of tool call '{name.GetString()}' are not a JSON object";
                    return false;
                }
            }

            call = new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..24], name.GetString()!, arguments);
            return true;
        }
    }

    /// <summary>Drops a &lt;think&gt;...&lt;/think&gt; block at the start (Qwen3 reasoning is not shown to customers).</summary>
    public static string StripThinking(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var trimmed = output.TrimStart();
        if (!trimmed.StartsWith("<think>", StringComparison.Ordinal))
        {
            return output;
        }

        var end = trimmed.IndexOf("</think>", StringComparison.Ordinal);
        return end < 0 ? "" : trimmed[(end + "</think>".Length)..].TrimStart('\n');
    }
}

/// <summary>An answer split into text and tool calls, with what could not be parsed.</summary>
public sealed record ParsedAnswer(IList<AIContent> Contents, IReadOnlyList<string> Errors)
{
    public IEnumerable<FunctionCallContent> Calls => Contents.OfType<FunctionCallContent>();
}
