using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Prompting;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>One customer message for the engine.</summary>
/// <param name="ConversationId">Null starts a new conversation.</param>
/// <param name="Channel">See <see cref="Channels"/>.</param>
/// <param name="Language">The language to assume when the message itself does not tell (digits, emoji).</param>
/// <param name="DryRun">Answer without storing anything or touching the answer cache, tickets or handoff notices (the search playground); adds <see cref="TurnPromptPlanned"/> to the stream.</param>
/// <param name="WarmCache">With <paramref name="DryRun"/>: store nothing, but put a cacheable answer into the answer cache (the answer-cache warm-up job).</param>
public sealed record TurnRequest(Guid? ConversationId, string? Message, string Channel, string? VisitorId = null, string? Language = null, bool DryRun = false,
    bool WarmCache = false);

/// <summary>What a turn streams, in order: started, mode, text deltas (maybe a reset), citations, state change, completed — or refused alone.</summary>
public abstract record TurnEvent;

/// <summary>The message was accepted; the conversation is known (new conversations get their id here).</summary>
public sealed record TurnStarted(Guid ConversationId, string Language) : TurnEvent;

/// <summary>How this answer is being made; may change once (a model answer that falls back).</summary>
public sealed record TurnModeChanged(AnswerMode Mode) : TurnEvent;

/// <summary>The next piece of the answer text, already through the output guardrails.</summary>
public sealed record TurnTextDelta(string Text) : TurnEvent;

/// <summary>Discard the text streamed so far: the model failed or a guardrail stopped it, and another answer follows.</summary>
public sealed record TurnAnswerReset(string Reason) : TurnEvent;

/// <summary>A tool was called (by the model or by a rule).</summary>
public sealed record TurnToolCalled(string Name, bool Succeeded) : TurnEvent;

/// <summary>Dry runs only: the prompt the model is (or would be) sent for this turn, after retrieval.</summary>
public sealed record TurnPromptPlanned(PromptPlan Plan) : TurnEvent;

/// <summary>The sources of the answer.</summary>
public sealed record TurnCitations(IReadOnlyList<Citation> Citations) : TurnEvent;

/// <summary>The conversation changed hands (handed off, reopened).</summary>
public sealed record TurnStateChanged(ConversationState State, string? HandoffReason) : TurnEvent;

/// <summary>The turn is stored: the final answer (after the citation check) and its message id.</summary>
public sealed record TurnCompleted(TurnOutcome Outcome) : TurnEvent;

/// <summary>The message was refused before anything was stored.</summary>
public sealed record TurnRefused(ChatErrorKind Error) : TurnEvent;

/// <summary>A stored turn, as the API and the widget show it.</summary>
/// <param name="MessageId">The reply's message id (assistant answer or notice).</param>
/// <param name="CustomerMessageId">The customer's message id.</param>
public sealed record TurnOutcome(
    Guid ConversationId,
    long MessageId,
    long CustomerMessageId,
    string Answer,
    AnswerMode Mode,
    IReadOnlyList<Citation> Citations,
    string Language,
    ConversationState State,
    string? HandoffReason,
    TurnMetrics Metrics);

/// <summary>The result of the non-streaming call: an outcome, or why the message was refused.</summary>
public sealed record TurnResult(TurnOutcome? Outcome, ChatErrorKind? Error)
{
    public bool Succeeded => Error is null;
}
