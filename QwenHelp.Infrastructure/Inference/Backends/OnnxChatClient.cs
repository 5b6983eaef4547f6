using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Inference.GenAi;
using QwenHelp.Infrastructure.Inference.Generation;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// The in-process engine as an <see cref="IChatClient"/>: Qwen chat format, ONNX Runtime GenAI's generator, streaming,
/// tool calls, one shared model behind the admission queue (a full queue answers "busy" at once).
/// </summary>
public sealed partial class OnnxChatClient(OnnxModelHost host, IOptionsMonitor<InferenceOptions> inferenceOptions, ILogger<OnnxChatClient> logger) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = host.Model;
        var prompt = QwenChatFormat.Format(messages, options, model.TokenizerConfig.TemplateHasThinking);
        var tokens = model.Encode(prompt);
        var settings = Settings(model, options, tokens.Length);
        var timeoutSeconds = inferenceOptions.CurrentValue.RequestTimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));

        var responseId = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? finish = null) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = model.Name,
            CreatedAt = created,
            FinishReason = finish,
        };

        using var lease = await host.Admission.EnterAsync(timeout.Token);
        var filter = new AnswerStreamFilter(watchToolCalls: options?.Tools is { Count: > 0 });
        GenerationUpdate? last = null;
        await using var stream = host.Generator.GenerateAsync(tokens, settings, timeout.Token).GetAsyncEnumerator(timeout.Token);
        while (true)
        {
            bool moved;
            try
            {
                moved = await stream.MoveNextAsync();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The language model did not finish within {timeoutSeconds} s (QwenHelp:Model:RequestTimeoutSeconds).");
            }

            if (!moved)
            {
                break;
            }

            last = stream.Current;
            var shown = filter.Push(last.Text);
            if (shown.Length > 0)
            {
                yield return Update([new TextContent(shown)]);
            }
        }

        var rest = filter.Flush();
        var contents = new List<AIContent>();
        if (rest.Length > 0)
        {
            contents.Add(new TextContent(rest));
        }

        var parsed = QwenChatFormat.ParseAnswer(filter.HeldToolText);
        foreach (var error in parsed.Errors)
        {
            LogMalformedToolCall(error);
        }

        contents.AddRange(parsed.Contents);
        var stats = last?.Stats;
        contents.Add(new UsageContent(new UsageDetails
        {
            InputTokenCount = tokens.Length,
            OutputTokenCount = stats?.GeneratedTokens ?? 0,
            TotalTokenCount = tokens.Length + (stats?.GeneratedTokens ?? 0),
        }));
        var finish = parsed.Calls.Any() ? ChatFinishReason.ToolCalls
            : last?.Finish is GenerationFinish.MaxTokens or GenerationFinish.ContextFull ? ChatFinishReason.Length
            : ChatFinishReason.Stop;
        yield return Update(contents, finish);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("onnxruntime-genai", null, host.Model.Name)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The model belongs to OnnxModelHost.
    }

    /// <summary>Request options first, then QwenHelp:Model:Generation, then the model's genai_config.json search settings.</summary>
    private GenerationSettings Settings(GenAiModel model, ChatOptions? chat, int promptTokens)
    {
        var defaults = inferenceOptions.CurrentValue.Generation;
        var search = model.Config.Search;
        var room = model.MaxLength - promptTokens;
        if (room < 1)
        {
            throw new PromptTooLongException(promptTokens, model.MaxLength);
        }

        var temperature = chat?.Temperature ?? defaults.Temperature ?? (search.DoSample ? search.Temperature : 0f);
        return new GenerationSettings
        {
            MaxNewTokens = Math.Min(chat?.MaxOutputTokens ?? defaults.MaxNewTokens, room),
            Temperature = temperature,
            TopP = chat?.TopP ?? defaults.TopP ?? search.TopP,
            TopK = chat?.TopK ?? defaults.TopK ?? (search.DoSample ? search.TopK : 0),
            RepetitionPenalty = defaults.RepetitionPenalty ?? search.RepetitionPenalty,
            Seed = chat?.Seed is { } seed ? unchecked((int)seed) : defaults.Seed,
            StopStrings = chat?.StopSequences?.Where(s => !string.IsNullOrEmpty(s)).ToList() ?? [],
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model wrote a malformed tool call; it is passed on as text: {Problem}")]
    private partial void LogMalformedToolCall(string problem);
}
