using Microsoft.AspNetCore.Http.HttpResults;
using QwenHelp.Domain.Chat;

namespace QwenHelp.Web.Api;

/// <summary>The problem+json answers of the HTTP API, each with a message a caller can act on.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult PayloadTooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

    public static ProblemHttpResult TooManyRequests(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult ForChatError(ChatErrorKind error) => error switch
    {
        ChatErrorKind.EmptyMessage => BadRequest("The message is empty. Type a question and send it again."),
        ChatErrorKind.MessageTooLong => PayloadTooLarge("The message is too long. Shorten it and send it again."),
        ChatErrorKind.MalformedText => BadRequest("The message contains broken characters (invalid UTF-16/UTF-8)."),
        ChatErrorKind.ConversationNotFound => NotFound("There is no conversation with that id. Leave conversationId out to start a new one."),
        ChatErrorKind.RateLimited => TooManyRequests("Too many messages in the last minute. Wait a little and send it again."),
        _ => BadRequest("The message was refused."),
    };
}
