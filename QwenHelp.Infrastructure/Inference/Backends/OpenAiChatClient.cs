using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// An OpenAI-compatible server (vLLM, Ollama, LM Studio, OpenAI itself) as an <see cref="IChatClient"/>,
/// through the official OpenAI .NET SDK: streaming, tool calls, usage.
/// </summary>
public sealed class OpenAiChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly InferenceOptions _options;
    private readonly Func<GenerationDefaults> _generation;
    private readonly InferenceStatus _status;
    private readonly Uri _endpoint;

    /// <summary>
    /// The connection is read once (a new server takes a restart); the generation defaults are read
    /// per request, so those saved in the admin portal apply to the next answer.
    /// </summary>
    public OpenAiChatClient(IOptionsMonitor<InferenceOptions> options, InferenceStatus status)
        : this(options?.CurrentValue!, () => options!.CurrentValue.Generation, status, transport: null)
    {
    }

    /// <summary>With fixed options and a transport of the caller's choosing (tests pass the in-process server's HTTP handler).</summary>
    public OpenAiChatClient(IOptions<InferenceOptions> options, InferenceStatus status, PipelineTransport? transport)
        : this(options?.Value!, () => options!.Value.Generation, status, transport)
    {
    }

    private OpenAiChatClient(InferenceOptions options, Func<GenerationDefaults> generation, InferenceStatus status, PipelineTransport? transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(status);
        _options = options;
        _generation = generation;
        _status = status;
        _endpoint = new Uri(_options.OpenAi.BaseUrl);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = _endpoint,
            NetworkTimeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
        };
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        // Local servers often need no key, but the SDK requires one: send a placeholder.
        var key = string.IsNullOrWhiteSpace(_options.OpenAi.ApiKey) ? "none" : _options.OpenAi.ApiKey;
        _client = new ChatClient(_options.OpenAi.ModelId, new ApiKeyCredential(key), clientOptions);
        status.Set(new InferenceInfo(ModelBackend.OpenAi, _options.OpenAi.ModelId, _endpoint.GetLeftPart(UriPartial.Path), Ready: true, Error: null));
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = ToOpenAi(messages, options);
        var completionOptions = ToOptions(options);
        var calls = new SortedDictionary<int, (string? Id, string? Name, System.Text.StringBuilder Arguments)>();
        await using var stream = _client.CompleteChatStreamingAsync(request, completionOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        string? responseId = null;
        while (true)
        {
            bool moved;
            try
            {
                moved = await stream.MoveNextAsync();
            }
            catch (ClientResultException ex) when (ex.Status > 0)
            {
                Fail(ex.Message);
                throw new InvalidOperationException($"The OpenAI-compatible server at {_endpoint} answered {ex.Status}: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is ClientResultException or HttpRequestException or AggregateException)
            {
                var reason = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[^1].Message : ex.Message;
                Fail(reason);
                throw new InvalidOperationException($"The OpenAI-compatible server at {_endpoint} cannot be reached: {reason}", ex);
            }

            if (!moved)
            {
                break;
            }

            var update = stream.Current;
            responseId ??= update.CompletionId;
            var contents = new List<AIContent>();
            foreach (var part in update.ContentUpdate)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    contents.Add(new TextContent(part.Text));
                }
            }

            foreach (var call in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(call.Index, out var pending))
                {
                    pending = (null, null, new System.Text.StringBuilder());
                }

                pending.Id ??= call.ToolCallId;
                pending.Name ??= call.FunctionName;
                if (call.FunctionArgumentsUpdate is { } args && !args.ToMemory().IsEmpty)
                {
                    pending.Arguments.Append(args.ToString());
                }

                calls[call.Index] = pending;
            }

            if (update.Usage is { } usage)
            {
                contents.Add(new UsageContent(new UsageDetails
                {
                    InputTokenCount = usage.InputTokenCount,
                    OutputTokenCount = usage.OutputTokenCount,
                    TotalTokenCount = usage.TotalTokenCount,
                }));
            }

            if (update.FinishReason is { } finish && calls.Count > 0)
            {
                contents.AddRange(calls.Values.Select(ToFunctionCall));
                calls.Clear();
            }

            if (contents.Count > 0 || update.FinishReason is not null)
            {
                yield return new ChatResponseUpdate(AiChatRole.Assistant, contents)
                {
                    ResponseId = update.CompletionId,
                    MessageId = update.CompletionId,
                    ModelId = update.Model,
                    CreatedAt = update.CreatedAt,
                    FinishReason = update.FinishReason is { } f ? ToFinishReason(f) : null,
                };
            }
        }

        if (calls.Count > 0)
        {
            yield return new ChatResponseUpdate(AiChatRole.Assistant, [.. calls.Values.Select(ToFunctionCall)]) { ResponseId = responseId, FinishReason = AiFinishReason.ToolCalls };
        }

        if (_status.Current.Error is not null)
        {
            _status.Set(_status.Current with { Error = null });
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai-compatible", _endpoint, _options.OpenAi.ModelId)
        : serviceType == typeof(ChatClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private void Fail(string message) => _status.Set(_status.Current with { Error = message });

    private static FunctionCallContent ToFunctionCall((string? Id, string? Name, System.Text.StringBuilder Arguments) call)
    {
        var arguments = new Dictionary<string, object?>();
        var text = call.Arguments.ToString();
        if (text.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value.Clone();
                    }
                }
            }
            catch (JsonException ex)
            {
                return new FunctionCallContent(call.Id ?? "", call.Name ?? "", arguments) { Exception = ex };
            }
        }

        return new FunctionCallContent(call.Id ?? "call_" + Guid.NewGuid().ToString("N")[..24], call.Name ?? "", arguments);
    }

    private static AiFinishReason ToFinishReason(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Length => AiFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        OpenAI.Chat.ChatFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        _ => AiFinishReason.Stop,
    };

    private static List<OpenAiChatMessage> ToOpenAi(IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        var result = new List<OpenAiChatMessage>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            result.Add(new SystemChatMessage(options.Instructions));
        }

        foreach (var message in messages)
        {
            if (message.Role == AiChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == AiChatRole.User)
            {
                result.Add(new UserChatMessage(message.Text));
            }
            else if (message.Role == AiChatRole.Assistant)
            {
                var calls = message.Contents.OfType<FunctionCallContent>()
                    .Select(c => ChatToolCall.CreateFunctionToolCall(c.CallId, c.Name, BinaryData.FromString(JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>()))))
                    .ToList();
                if (calls.Count > 0)
                {
                    var assistant = new AssistantChatMessage(calls);
                    if (message.Text.Length > 0)
                    {
                        assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Text));
                    }

                    result.Add(assistant);
                }
                else
                {
                    result.Add(new AssistantChatMessage(message.Text));
                }
            }

            foreach (var toolResult in message.Contents.OfType<FunctionResultContent>())
            {
                var text = toolResult.Result switch
                {
                    null => "",
                    string s => s,
                    _ => JsonSerializer.Serialize(toolResult.Result),
                };
                result.Add(new ToolChatMessage(toolResult.CallId, text));
            }
        }

        return result;
    }

    /// <summary>The request's options first, then QwenHelp:Model:Generation (top-k and repetition penalty are not part of the OpenAI API).</summary>
    private ChatCompletionOptions ToOptions(ChatOptions? options)
    {
        var defaults = _generation();
        var result = new ChatCompletionOptions
        {
            MaxOutputTokenCount = options?.MaxOutputTokens ?? defaults.MaxNewTokens,
            Temperature = options?.Temperature ?? defaults.Temperature,
            TopP = options?.TopP ?? defaults.TopP,
            FrequencyPenalty = options?.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty,
        };
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; vLLM and Ollama honor it.
        result.Seed = options?.Seed ?? defaults.Seed;
#pragma warning restore OPENAI001
        foreach (var stop in options?.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        foreach (var tool in options?.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            result.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.JsonSchema.GetRawText())));
        }

        if (options?.ToolMode is NoneChatToolMode && result.Tools.Count > 0)
        {
            result.ToolChoice = ChatToolChoice.CreateNoneChoice();
        }
        else if (options?.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name })
        {
            result.ToolChoice = ChatToolChoice.CreateFunctionChoice(name);
        }
        else if (options?.ToolMode is RequiredChatToolMode)
        {
            result.ToolChoice = ChatToolChoice.CreateRequiredChoice();
        }

        return result;
    }
}
