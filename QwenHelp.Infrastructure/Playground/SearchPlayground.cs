using Microsoft.Extensions.Options;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Prompting;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Playground;

/// <summary>
/// The search playground: what retrieval finds for a query, and what the assistant would answer —
/// a dry run through the conversation engine that stores nothing (no conversation, metrics,
/// cache entry, ticket or handoff notice).
/// </summary>
public sealed class SearchPlayground(ConversationEngine engine, RetrievalExplainer explainer, IOptionsMonitor<ConversationOptions> conversation)
{
    public const string Channel = "playground";

    public Task<QueryExplanation> SearchAsync(string query, string language, int limit = 10, CancellationToken cancellationToken = default) =>
        explainer.ExplainQueryAsync(query, language, Math.Clamp(limit, 1, 100), cancellationToken);

    public Task<MissExplanation?> WhyNotFoundAsync(string query, string language, PassageKey target, CancellationToken cancellationToken = default) =>
        explainer.ExplainMissAsync(query, language, target, conversation.CurrentValue.RetrievalPassages, cancellationToken);

    /// <summary>The answer a customer asking this as the first message of a conversation would get, with the prompt the model is (or would be) sent.</summary>
    public async Task<DryRunAnswer> AnswerAsync(string query, string language, CancellationToken cancellationToken = default)
    {
        PromptPlan? prompt = null;
        var tools = new List<TurnToolCalled>();
        await foreach (var item in engine.StreamTurnAsync(new TurnRequest(null, query, Channel, "playground", language, DryRun: true), cancellationToken))
        {
            switch (item)
            {
                case TurnPromptPlanned planned:
                    prompt = planned.Plan;
                    break;
                case TurnToolCalled called:
                    tools.Add(called);
                    break;
                case TurnCompleted completed:
                    return new DryRunAnswer(completed.Outcome, null, prompt, tools, engine.HasModel);
                case TurnRefused refused:
                    return new DryRunAnswer(null, refused.Error, prompt, tools, engine.HasModel);
            }
        }

        throw new InvalidOperationException("The dry run ended without an answer.");
    }
}

/// <param name="Outcome">The answer, as the customer would see it; null when the message was refused.</param>
/// <param name="Prompt">What the model is sent (null when the turn ended before retrieval: a refusal or a handoff rule).</param>
/// <param name="ModelConfigured">Whether a model would be asked at all; without one the prompt is what it would get.</param>
public sealed record DryRunAnswer(TurnOutcome? Outcome, ChatErrorKind? Error, PromptPlan? Prompt, IReadOnlyList<TurnToolCalled> ToolCalls, bool ModelConfigured);
