using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;

namespace QwenHelp.Web.Api;

/// <summary>The public chat endpoint: one message in, one answer out.</summary>
public static class ChatApi
{
    /// <summary>Bigger bodies are refused before they are read: 4,000 characters of CJK are 12 KB of UTF-8.</summary>
    public const long MaxRequestBytes = 64 * 1024;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/chat", PostChatAsync)
            .WithName("Chat")
            .Accepts<ChatRequest>("application/json")
            .RequireCors(Widget.WidgetEmbedding.CorsPolicy)
            .RequireRateLimiting(Widget.WidgetEmbedding.ChatRateLimit)
            .DisableAntiforgery();
        return endpoints;
    }

    public static async Task<Results<Ok<ChatResponse>, ProblemHttpResult>> PostChatAsync(HttpRequest request, ConversationEngine engine, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return Problems.PayloadTooLarge($"The request body is larger than {MaxRequestBytes / 1024} KB.");
        }

        ChatRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<ChatRequest>(RequestJson, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("The request body is not valid JSON for a chat message: " + ex.Message.Split('.')[0] + ".");
        }
        catch (InvalidOperationException)
        {
            return Problems.BadRequest("Send the chat message as JSON with Content-Type: application/json.");
        }

        if (body is null)
        {
            return Problems.BadRequest("The request body is empty; send {\"message\": \"...\"}.");
        }

        var result = await engine.AnswerAsync(new TurnRequest(body.ConversationId, body.Message, Channels.Api, body.VisitorId), cancellationToken);
        if (!result.Succeeded)
        {
            return Problems.ForChatError(result.Error!.Value);
        }

        var answer = result.Outcome!;
        return TypedResults.Ok(new ChatResponse(
            answer.ConversationId,
            answer.MessageId,
            answer.Answer,
            answer.Citations.Select(c => new ChatCitation(c.Kind, c.SourceId, c.Title)).ToList(),
            answer.Mode,
            answer.Language,
            answer.State,
            answer.HandoffReason));
    }
}

/// <summary>A chat message from an integrator or the widget.</summary>
public sealed record ChatRequest(Guid? ConversationId, string? Message, string? VisitorId = null);

/// <param name="State">Who answers the conversation now: <c>bot</c>, <c>waitingForAgent</c> (handed off), <c>agent</c>, <c>closed</c>.</param>
/// <param name="HandoffReason">Why this turn handed the conversation to a person; absent otherwise.</param>
public sealed record ChatResponse(Guid ConversationId, long MessageId, string Answer, IReadOnlyList<ChatCitation> Citations, AnswerMode Mode, string Language, ConversationState State, string? HandoffReason = null);

public sealed record ChatCitation(string Kind, int Id, string Title);
