using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Web.Widget;

namespace QwenHelp.Web.Api;

/// <summary>
/// The public chat API: one message in, one answer out (JSON), or the answer streamed as
/// server-sent events. A new conversation hands back a visitor token; continuing a conversation
/// needs it, so a conversation id alone lets nobody read or write someone else's conversation.
/// </summary>
public static class ChatApi
{
    /// <summary>Bigger bodies are refused before they are read: 4,000 characters of CJK are 12 KB of UTF-8.</summary>
    public const long MaxRequestBytes = 64 * 1024;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        var chat = endpoints.MapGroup("/api/chat")
            .RequireCors(WidgetEmbedding.CorsPolicy)
            .RequireRateLimiting(WidgetEmbedding.ChatRateLimit)
            .DisableAntiforgery();
        chat.MapPost("", PostChatAsync).WithName("Chat").Accepts<ChatRequest>("application/json");
        chat.MapPost("/stream", StreamChatAsync).WithName("ChatStream").Accepts<ChatRequest>("application/json");
        return endpoints;
    }

    public static async Task<Results<Ok<ChatResponse>, ProblemHttpResult>> PostChatAsync(
        HttpRequest request, ConversationEngine engine, VisitorTokens tokens, VisitorConversations conversations, CancellationToken cancellationToken)
    {
        var (turn, token, problem) = await ReadTurnAsync(request, tokens, conversations, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await engine.AnswerAsync(turn!, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ChatResponse.From(result.Outcome!, token!)) : Problems.ForChatError(result.Error!.Value);
    }

    /// <summary>
    /// Server-sent events: <c>start</c>, <c>mode</c>, <c>delta</c> (text pieces), <c>reset</c> (discard the text so far),
    /// <c>tool</c>, <c>citations</c>, <c>state</c>, and <c>done</c> with the same body as the JSON endpoint.
    /// A refused message gets the JSON endpoint's problem response instead, before any event.
    /// </summary>
    public static async Task StreamChatAsync(HttpContext context, ConversationEngine engine, VisitorTokens tokens, VisitorConversations conversations)
    {
        var cancellationToken = context.RequestAborted;
        var (turn, token, problem) = await ReadTurnAsync(context.Request, tokens, conversations, cancellationToken);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
            return;
        }

        await using var events = engine.StreamTurnAsync(turn!, cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (!await events.MoveNextAsync())
        {
            await Problems.BadRequest("The message was refused.").ExecuteAsync(context);
            return;
        }

        if (events.Current is TurnRefused refused)
        {
            await Problems.ForChatError(refused.Error).ExecuteAsync(context);
            return;
        }

        var stream = new ServerSentEvents(context.Response);
        await stream.StartAsync(cancellationToken);
        do
        {
            await (events.Current switch
            {
                TurnStarted started => stream.WriteAsync("start", new { conversationId = started.ConversationId, visitorToken = token, language = started.Language }, cancellationToken),
                TurnModeChanged mode => stream.WriteAsync("mode", new { mode = mode.Mode }, cancellationToken),
                TurnTextDelta delta => stream.WriteAsync("delta", new { text = delta.Text }, cancellationToken),
                TurnAnswerReset reset => stream.WriteAsync("reset", new { reason = reset.Reason }, cancellationToken),
                TurnToolCalled tool => stream.WriteAsync("tool", new { name = tool.Name, succeeded = tool.Succeeded }, cancellationToken),
                TurnCitations citations => stream.WriteAsync("citations", new { citations = citations.Citations.Select(ChatCitation.From) }, cancellationToken),
                TurnStateChanged state => stream.WriteAsync("state", new { state = state.State, handoffReason = state.HandoffReason }, cancellationToken),
                TurnCompleted completed => stream.WriteAsync("done", ChatResponse.From(completed.Outcome, token!), cancellationToken),
                _ => Task.CompletedTask,
            });
        }
        while (await events.MoveNextAsync());
    }

    /// <summary>Reads and checks the body and the caller's right to the conversation; the turn to run, or the problem to answer with.</summary>
    private static async Task<(TurnRequest? Turn, string? VisitorToken, ProblemHttpResult? Problem)> ReadTurnAsync(
        HttpRequest request, VisitorTokens tokens, VisitorConversations conversations, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, null, Problems.BadRequest("Send the chat message as JSON with Content-Type: application/json."));
        }

        await using var bytes = await RequestBodies.ReadBoundedAsync(request, MaxRequestBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, null, Problems.PayloadTooLarge($"The request body is larger than {MaxRequestBytes / 1024} KB."));
        }

        ChatRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ChatRequest>(bytes, RequestJson, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, null, Problems.BadRequest("The request body is not valid JSON for a chat message: " + ex.Message.Split('.')[0] + "."));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to a string it cannot decode (invalid UTF-8, an escaped lone surrogate).
            return (null, null, Problems.BadRequest("The request body contains broken characters (invalid UTF-8 or UTF-16)."));
        }

        if (body is null)
        {
            return (null, null, Problems.BadRequest("The request body is empty; send {\"message\": \"...\"}."));
        }

        var visitorId = tokens.Read(body.VisitorToken);
        if (body.ConversationId is { } id && (visitorId is null || !await conversations.BelongsToAsync(id, visitorId, cancellationToken)))
        {
            // The same answer for "no such conversation" and "not yours": ids reveal nothing.
            return (null, null, Problems.ForChatError(ChatErrorKind.ConversationNotFound));
        }

        visitorId ??= VisitorTokens.NewVisitorId();
        return (new TurnRequest(body.ConversationId, body.Message, Channels.Api, visitorId), tokens.Issue(visitorId), null);
    }
}

/// <summary>A chat message from an integrator or the widget.</summary>
/// <param name="VisitorToken">The token from an earlier answer; required to continue a conversation.</param>
public sealed record ChatRequest(Guid? ConversationId, string? Message, string? VisitorToken = null);

/// <param name="VisitorToken">Send it back with the next message (and to read or rate this conversation).</param>
/// <param name="State">Who answers the conversation now: <c>bot</c>, <c>waitingForAgent</c> (handed off), <c>agent</c>, <c>closed</c>.</param>
/// <param name="HandoffReason">Why this turn handed the conversation to a person; absent otherwise.</param>
public sealed record ChatResponse(
    Guid ConversationId,
    long MessageId,
    string Answer,
    IReadOnlyList<ChatCitation> Citations,
    AnswerMode Mode,
    string Language,
    ConversationState State,
    string VisitorToken,
    string? HandoffReason = null)
{
    public static ChatResponse From(TurnOutcome outcome, string visitorToken) => new(
        outcome.ConversationId,
        outcome.MessageId,
        outcome.Answer,
        outcome.Citations.Select(ChatCitation.From).ToList(),
        outcome.Mode,
        outcome.Language,
        outcome.State,
        visitorToken,
        outcome.HandoffReason);
}

public sealed record ChatCitation(string Kind, int Id, string Title)
{
    public static ChatCitation From(Citation citation) => new(citation.Kind, citation.SourceId, citation.Title);
}
