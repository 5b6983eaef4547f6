using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using QwenHelp.Infrastructure.ApiAccess;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Inference.Generation;

namespace QwenHelp.Web.Api;

/// <summary>
/// OpenAI-compatible chat completions (streaming SSE and not), behind API keys made in the admin portal:
/// <list type="bullet">
/// <item><c>POST /v1/chat/completions</c>: the assistant itself (retrieval, direct answers, guardrails,
/// tools, handoff; the model when one is configured), so that it answers without a model too.</item>
/// <item><c>POST /v1/model/chat/completions</c>: the configured language model directly (503 without one),
/// for integrators who bring their own prompts and tools.</item>
/// </list>
/// Errors use OpenAI's error object ({"error": {"message", "type", "param", "code"}}), which OpenAI SDKs read.
/// </summary>
public static class OpenAiCompatibleApi
{
    public const long MaxRequestBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapOpenAiCompatibleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", (HttpContext context, EngineChatClient assistant) => CompleteAsync(context, assistant))
            .WithName("ChatCompletions")
            .RequireRateLimiting(Widget.WidgetEmbedding.ApiKeyRateLimit)
            .DisableAntiforgery();
        endpoints.MapPost("/v1/model/chat/completions", (HttpContext context) => CompleteAsync(context, context.RequestServices.GetService<IChatClient>()))
            .WithName("ModelChatCompletions")
            .RequireRateLimiting(Widget.WidgetEmbedding.ApiKeyRateLimit)
            .DisableAntiforgery();
        return endpoints;
    }

    private static async Task CompleteAsync(HttpContext context, IChatClient? client)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var key = await context.RequestServices.GetRequiredService<ApiKeyService>().AuthenticateAsync(BearerToken(request), cancellationToken);
        if (key is null)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "Missing or invalid API key. Send 'Authorization: Bearer KEY' with a key made under API keys in the admin portal.", "invalid_request_error", "invalid_api_key");
            return;
        }

        if (client is null)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "No language model is configured (QwenHelp:Model:Backend is none); QwenHelp answers from its knowledge base at /api/chat.", "server_error", "model_not_available");
            return;
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "Send the request as JSON with Content-Type: application/json.", "invalid_request_error", null);
            return;
        }

        await using var bytes = await RequestBodies.ReadBoundedAsync(request, MaxRequestBytes, cancellationToken);
        if (bytes is null)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxRequestBytes / 1024} KB.", "invalid_request_error", "request_too_large");
            return;
        }

        ParsedRequest parsed;
        try
        {
            using var body = await JsonDocument.ParseAsync(bytes, cancellationToken: cancellationToken);
            parsed = Parse(body.RootElement);
            // A caller-chosen end-user id keeps one conversation (memory, handoff) per user of this key.
            // Without one, each call is its own visitor; time-ordered like other new visitor ids (docs/decisions/0067).
            var user = body.RootElement.TryGetProperty("user", out var userId) && userId.ValueKind == JsonValueKind.String ? userId.GetString() : null;
            parsed.Options.AdditionalProperties ??= [];
            parsed.Options.AdditionalProperties[EngineChatClient.VisitorProperty] = $"apikey:{key.Id}:{(string.IsNullOrWhiteSpace(user) ? Guid.CreateVersion7().ToString("N") : user)}";
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "The request body is not valid JSON: " + ex.Message.Split('.')[0] + ".", "invalid_request_error", null);
            return;
        }
        catch (BadRequestException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message, "invalid_request_error", null, ex.Param);
            return;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to a string it cannot decode: invalid UTF-8, an escaped lone surrogate.
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "The request body contains broken characters (invalid UTF-8 or UTF-16).", "invalid_request_error", null);
            return;
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var updates = client.GetStreamingResponseAsync(parsed.Messages, parsed.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);

        // The first update tells whether the model can answer at all (busy, prompt too long) while a proper status can still be sent.
        bool hasFirst;
        try
        {
            hasFirst = await updates.MoveNextAsync();
        }
        catch (Exception ex) when (Classify(ex) is { } error)
        {
            await ErrorAsync(context, error.Status, error.Message, error.Type, error.Code);
            return;
        }

        if (parsed.Stream)
        {
            await StreamAsync(context, updates, hasFirst, id, created, parsed.IncludeUsage, cancellationToken);
            return;
        }

        var collected = new List<ChatResponseUpdate>();
        if (hasFirst)
        {
            collected.Add(updates.Current);
            try
            {
                while (await updates.MoveNextAsync())
                {
                    collected.Add(updates.Current);
                }
            }
            catch (Exception ex) when (Classify(ex) is { } error)
            {
                await ErrorAsync(context, error.Status, error.Message, error.Type, error.Code);
                return;
            }
        }

        var response = collected.ToChatResponse();
        var message = response.Messages.LastOrDefault();
        var calls = message?.Contents.OfType<FunctionCallContent>().ToList() ?? [];
        var result = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = response.ModelId ?? "qwenhelp",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = calls.Count > 0 && string.IsNullOrEmpty(message?.Text) ? null : message?.Text ?? "",
                    ["tool_calls"] = calls.Count > 0 ? ToolCalls(calls) : null,
                },
                ["finish_reason"] = FinishReason(response.FinishReason, calls.Count > 0),
            }),
            ["usage"] = Usage(response.Usage),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.ToJsonString(Json), cancellationToken);
    }

    private static async Task StreamAsync(HttpContext context, IAsyncEnumerator<ChatResponseUpdate> updates, bool hasFirst, string id, long created, bool includeUsage, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        string model = "qwenhelp";
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        var toolIndex = 0;
        var sawCalls = false;

        async Task SendAsync(JsonObject delta, string? finishReason)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
            };
            await response.WriteAsync("data: " + chunk.ToJsonString(Json) + "\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }

        var first = true;
        var more = hasFirst;
        try
        {
            while (more)
            {
                var update = updates.Current;
                model = update.ModelId ?? model;
                finish = update.FinishReason ?? finish;
                var delta = new JsonObject();
                if (first)
                {
                    delta["role"] = "assistant";
                    first = false;
                }

                if (update.Text is { Length: > 0 } text)
                {
                    delta["content"] = text;
                }

                var calls = update.Contents.OfType<FunctionCallContent>().ToList();
                if (calls.Count > 0)
                {
                    sawCalls = true;
                    delta["tool_calls"] = ToolCalls(calls, toolIndex);
                    toolIndex += calls.Count;
                }

                usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                if (delta.Count > 0)
                {
                    await SendAsync(delta, null);
                }

                more = await updates.MoveNextAsync();
            }
        }
        catch (Exception ex) when (Classify(ex) is { } error && !cancellationToken.IsCancellationRequested)
        {
            // Headers are gone: report in the stream, as OpenAI-compatible servers do.
            var payload = new JsonObject { ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["code"] = error.Code } };
            await response.WriteAsync("data: " + payload.ToJsonString(Json) + "\n\n", cancellationToken);
            await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
            return;
        }

        await SendAsync(new JsonObject(), FinishReason(finish, sawCalls));
        if (includeUsage)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(usage),
            };
            await response.WriteAsync("data: " + chunk.ToJsonString(Json) + "\n\n", cancellationToken);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private static (int Status, string Message, string Type, string? Code)? Classify(Exception ex) => ex switch
    {
        InferenceBusyException => (StatusCodes.Status503ServiceUnavailable, ex.Message, "server_error", "model_busy"),
        ChatRefusedException refused => (refused.Error == Domain.Chat.ChatErrorKind.MessageTooLong ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, ex.Message, "invalid_request_error", null),
        PromptTooLongException => (StatusCodes.Status400BadRequest, ex.Message, "invalid_request_error", "context_length_exceeded"),
        TimeoutException => (StatusCodes.Status504GatewayTimeout, ex.Message, "server_error", "timeout"),
        OperationCanceledException => null,
        _ => (StatusCodes.Status500InternalServerError, "The language model failed: " + ex.Message, "server_error", null),
    };

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string FinishReason(ChatFinishReason? reason, bool toolCalls) =>
        toolCalls || reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";

    private static JsonObject? Usage(UsageDetails? usage) => usage is null ? null : new JsonObject
    {
        ["prompt_tokens"] = usage.InputTokenCount ?? 0,
        ["completion_tokens"] = usage.OutputTokenCount ?? 0,
        ["total_tokens"] = usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
    };

    private static JsonArray ToolCalls(List<FunctionCallContent> calls, int firstIndex = 0)
    {
        var array = new JsonArray();
        for (var i = 0; i < calls.Count; i++)
        {
            array.Add(new JsonObject
            {
                ["index"] = firstIndex + i,
                ["id"] = calls[i].CallId,
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = calls[i].Name,
                    ["arguments"] = JsonSerializer.Serialize(calls[i].Arguments ?? new Dictionary<string, object?>(), Json),
                },
            });
        }

        return array;
    }

    /// <summary>An error in OpenAI's shape, which OpenAI SDKs read (also the rate limiter's 429 on /v1).</summary>
    public static async Task ErrorAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable && code == "model_busy")
        {
            context.Response.Headers.RetryAfter = "2";
        }

        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code } };
        await context.Response.WriteAsync(error.ToJsonString(Json), context.RequestAborted);
    }

    private static ParsedRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request body must be a JSON object.", null);
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new BadRequestException("'messages' must be a non-empty array.", "messages");
        }

        var list = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            list.Add(ParseMessage(message, $"messages[{index++}]"));
        }

        var options = new ChatOptions
        {
            MaxOutputTokens = PositiveInt(root, "max_completion_tokens") ?? PositiveInt(root, "max_tokens"),
            Temperature = Number(root, "temperature", 0, 2),
            TopP = Number(root, "top_p", 0, 1),
            Seed = Integer(root, "seed"),
            ModelId = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
        };
        if (root.TryGetProperty("stop", out var stop) && stop.ValueKind != JsonValueKind.Null)
        {
            options.StopSequences = stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array when stop.GetArrayLength() <= 4 && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => stop.EnumerateArray().Select(s => s.GetString()!).ToList(),
                _ => throw new BadRequestException("'stop' must be a string or an array of up to 4 strings.", "stop"),
            };
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            options.Tools = [];
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                    || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw new BadRequestException("Each tool needs {\"type\": \"function\", \"function\": {\"name\": ...}}.", "tools");
                }

                if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    throw new BadRequestException("A tool's 'parameters' must be a JSON Schema object.", "tools");
                }

                var schema = parameters.ValueKind == JsonValueKind.Object ? parameters.Clone() : JsonDocument.Parse("{\"type\":\"object\",\"properties\":{}}").RootElement.Clone();
                var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(name.GetString()!, description, schema));
            }
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return new ParsedRequest(list, options, stream, includeUsage);
    }

    private static ChatMessage ParseMessage(JsonElement message, string path)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            throw new BadRequestException($"{path} needs a 'role'.", path);
        }

        var role = roleElement.GetString();
        var text = Content(message, path);
        switch (role)
        {
            case "system" or "developer":
                return new ChatMessage(ChatRole.System, text);
            case "user":
                return new ChatMessage(ChatRole.User, text);
            case "assistant":
                var contents = new List<AIContent>();
                if (text.Length > 0)
                {
                    contents.Add(new TextContent(text));
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    var callIndex = 0;
                    foreach (var call in calls.EnumerateArray())
                    {
                        contents.Add(ParseToolCall(call, $"{path}.tool_calls[{callIndex++}]"));
                    }
                }

                return new ChatMessage(ChatRole.Assistant, contents);
            case "tool":
                var callId = message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text)]);
            default:
                throw new BadRequestException($"{path}.role '{role}' is not one of system, user, assistant, tool.", path + ".role");
        }
    }

    /// <summary>One of an assistant message's earlier tool calls: {"id", "type": "function", "function": {"name", "arguments": "{...}"}}.</summary>
    private static FunctionCallContent ParseToolCall(JsonElement call, string path)
    {
        if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new BadRequestException($"{path} needs {{\"function\": {{\"name\": \"...\", \"arguments\": \"{{...}}\"}}}}.", path);
        }

        string callId = "";
        if (call.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null)
        {
            callId = id.ValueKind == JsonValueKind.String ? id.GetString()! : throw new BadRequestException($"{path}.id must be a string.", path + ".id");
        }

        var arguments = new Dictionary<string, object?>();
        if (function.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            var argumentsText = a.ValueKind == JsonValueKind.String ? a.GetString() : throw new BadRequestException($"{path}.function.arguments must be a string of JSON.", path + ".function.arguments");
            if (!string.IsNullOrWhiteSpace(argumentsText))
            {
                using var parsed = JsonDocument.Parse(argumentsText);
                if (parsed.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new BadRequestException($"{path}.function.arguments must be a JSON object.", path + ".function.arguments");
                }

                foreach (var property in parsed.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
            }
        }

        return new FunctionCallContent(callId, name.GetString()!, arguments);
    }

    private static string Content(JsonElement message, string path)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
                part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"
                    && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString()
                    : throw new BadRequestException($"{path}.content parts must be {{\"type\": \"text\", \"text\": ...}}; images and audio are not supported.", path + ".content"))),
            _ => throw new BadRequestException($"{path}.content must be a string or an array of text parts.", path + ".content"),
        };
    }

    private static int? PositiveInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : throw new BadRequestException($"'{name}' must be a positive integer.", name);
    }

    private static long? Integer(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw new BadRequestException($"'{name}' must be an integer.", name);
    }

    private static float? Number(JsonElement root, string name, float min, float max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetSingle(out var f) && float.IsFinite(f) && f >= min && f <= max ? f : throw new BadRequestException($"'{name}' must be a number from {min} to {max}.", name);
    }

    private sealed record ParsedRequest(List<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage);

    private sealed class BadRequestException(string message, string? param) : Exception(message)
    {
        public string? Param { get; } = param;
    }
}
