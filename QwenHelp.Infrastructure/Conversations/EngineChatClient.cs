using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// The whole assistant (guardrails, memory, retrieval, direct answers, model, tools, handoff) as an
/// <see cref="IChatClient"/>, for the OpenAI-compatible API: the last user message is the
/// customer's turn; earlier messages are the caller's own record (the conversation's history is
/// QwenHelp's). With a caller-chosen user id the same conversation continues across calls.
/// </summary>
public sealed class EngineChatClient(ConversationEngine engine, VisitorConversations conversations, ITokenCounter tokens, TimeProvider clock) : IChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the visitor id the turn is for.</summary>
    public const string VisitorProperty = "qwenhelp.visitor";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        var visitorId = options?.AdditionalProperties?.TryGetValue(VisitorProperty, out var visitor) == true ? visitor as string : null;
        var conversationId = visitorId is null ? null : await conversations.LatestOpenAsync(visitorId, clock.GetUtcNow(), cancellationToken);
        var budget = options?.MaxOutputTokens;
        var written = new System.Text.StringBuilder();
        var withdrawn = false;
        var cut = false;

        await foreach (var item in engine.StreamTurnAsync(new TurnRequest(conversationId, question, Channels.OpenAi, visitorId), cancellationToken))
        {
            switch (item)
            {
                case TurnRefused refused:
                    throw new ChatRefusedException(refused.Error, RefusalMessage(refused.Error));
                case TurnTextDelta delta when !withdrawn && !cut:
                    var (part, over) = Fit(written.ToString(), delta.Text, budget);
                    written.Append(part);
                    cut = over;
                    if (part.Length > 0)
                    {
                        yield return Text(part);
                    }

                    break;
                case TurnAnswerReset:
                    // Sent text cannot be taken back over this protocol: stop streaming and send the stored answer whole at the end.
                    withdrawn = true;
                    break;
                case TurnCompleted completed:
                    var answer = completed.Outcome.Answer;
                    var remainder = cut ? "" : withdrawn ? "\n\n" + answer : answer.StartsWith(written.ToString(), StringComparison.Ordinal) ? answer[written.Length..] : "";
                    var (text, overBudget) = Fit(written.ToString(), remainder, budget);
                    var truncated = cut || overBudget;
                    if (text.Length > 0)
                    {
                        yield return Text(text);
                    }

                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
                    {
                        InputTokenCount = completed.Outcome.Metrics.TokensIn ?? tokens.CountTokens(question ?? ""),
                        OutputTokenCount = tokens.CountTokens(written + text),
                    })])
                    {
                        FinishReason = truncated ? ChatFinishReason.Length : ChatFinishReason.Stop,
                        ModelId = "qwenhelp",
                    };
                    yield break;
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // Nothing to release: the engine belongs to the container.
    }

    private static ChatResponseUpdate Text(string text) => new(ChatRole.Assistant, text) { ModelId = "qwenhelp" };

    /// <summary>What is left of the answer within the caller's max_tokens (the streamed part counted first).</summary>
    private (string Text, bool Truncated) Fit(string sent, string remainder, int? maxTokens)
    {
        if (maxTokens is not { } limit || tokens.CountTokens(sent + remainder) <= limit)
        {
            return (remainder, false);
        }

        var low = 0;
        var high = remainder.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (tokens.CountTokens(sent + remainder[..middle]) <= limit)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        // Never cut a surrogate pair in half.
        if (low > 0 && char.IsHighSurrogate(remainder[low - 1]))
        {
            low--;
        }

        return (remainder[..low], true);
    }

    private static string RefusalMessage(Domain.Chat.ChatErrorKind error) => error switch
    {
        Domain.Chat.ChatErrorKind.EmptyMessage => "The last user message is empty.",
        Domain.Chat.ChatErrorKind.MessageTooLong => "The last user message is too long.",
        Domain.Chat.ChatErrorKind.MalformedText => "The last user message contains broken characters.",
        _ => "The message was refused.",
    };
}

/// <summary>The turn was refused before anything was stored (empty, too long, broken text).</summary>
public sealed class ChatRefusedException(Domain.Chat.ChatErrorKind error, string message) : Exception(message)
{
    public Domain.Chat.ChatErrorKind Error { get; } = error;
}
