using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Web.Widget;

namespace QwenHelp.Web.Api;

/// <summary>A visitor reads back their conversation and rates answers, proving ownership with the visitor token.</summary>
public static class ConversationsApi
{
    public const string VisitorTokenHeader = "X-Visitor-Token";

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/conversations/{id:guid}", GetAsync).RequireCors(WidgetEmbedding.CorsPolicy);
        endpoints.MapPost("/api/feedback", PostFeedbackAsync)
            .Accepts<FeedbackRequest>("application/json")
            .RequireCors(WidgetEmbedding.CorsPolicy)
            .RequireRateLimiting(WidgetEmbedding.ChatRateLimit)
            .DisableAntiforgery();
        return endpoints;
    }

    public static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> GetAsync(
        Guid id, [FromHeader(Name = VisitorTokenHeader)] string? visitorToken, VisitorTokens tokens, VisitorConversations conversations, CancellationToken cancellationToken)
    {
        var visitorId = tokens.Read(visitorToken);
        if (visitorId is null)
        {
            return Problems.Unauthorized($"Send the visitor token from the chat answer in the {VisitorTokenHeader} header.");
        }

        var transcript = await conversations.BelongsToAsync(id, visitorId, cancellationToken) ? await conversations.TranscriptAsync(id, cancellationToken) : null;
        if (transcript is null)
        {
            return Problems.NotFound("There is no conversation with that id for this visitor.");
        }

        return TypedResults.Ok(new ConversationView(transcript.Id, transcript.State, transcript.Language, transcript.CreatedAt,
            transcript.Messages.Select(m => new ConversationMessageView(m.Id, Role(m.Role), m.Text, m.Mode, m.Citations.Select(ChatCitation.From).ToList(), m.At, m.Rating == 0 ? null : m.Rating)).ToList()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> PostFeedbackAsync(
        FeedbackRequest? body, VisitorTokens tokens, VisitorConversations conversations, FeedbackService feedback, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Problems.BadRequest("Send {\"conversationId\", \"messageId\", \"rating\": \"up\"|\"down\", \"comment\"?, \"visitorToken\"}.");
        }

        var visitorId = tokens.Read(body.VisitorToken);
        if (visitorId is null)
        {
            return Problems.Unauthorized("The visitor token is missing or invalid.");
        }

        if (!await conversations.BelongsToAsync(body.ConversationId, visitorId, cancellationToken))
        {
            return Problems.NotFound("There is no conversation with that id for this visitor.");
        }

        var rating = body.Rating?.ToLowerInvariant() switch
        {
            "up" or "+1" or "1" => 1,
            "down" or "-1" => -1,
            _ => 0,
        };
        return await feedback.RecordAsync(body.ConversationId, body.MessageId, rating, body.Comment, cancellationToken) switch
        {
            FeedbackOutcome.Saved => TypedResults.NoContent(),
            FeedbackOutcome.InvalidRating => Problems.BadRequest("The rating must be \"up\" or \"down\"."),
            FeedbackOutcome.CommentTooLong => Problems.PayloadTooLarge($"The comment is longer than {FeedbackService.MaxCommentLength} characters."),
            _ => Problems.NotFound("That message is not an answer in this conversation."),
        };
    }

    private static string Role(MessageRole role) => role switch
    {
        MessageRole.Customer => "customer",
        MessageRole.Agent => "agent",
        _ => "assistant",
    };
}

public sealed record FeedbackRequest(Guid ConversationId, long MessageId, string? Rating, string? Comment, string? VisitorToken);

public sealed record ConversationView(Guid Id, ConversationState State, string Language, DateTimeOffset CreatedAt, IReadOnlyList<ConversationMessageView> Messages);

/// <param name="Role"><c>customer</c>, <c>assistant</c> or <c>agent</c>.</param>
/// <param name="Rating">The customer's rating of this answer (+1/-1), when rated.</param>
public sealed record ConversationMessageView(long Id, string Role, string Text, AnswerMode? Mode, IReadOnlyList<ChatCitation> Citations, DateTimeOffset At, int? Rating);
