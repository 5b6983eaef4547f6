using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Guardrails;
using QwenHelp.Domain.Prompting;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Tools;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;
using ChatOptions = QwenHelp.Infrastructure.Chat.ChatOptions;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Turns one customer message into an answer inside a conversation: input guardrails, state,
/// pinned memory, handoff rules, tools by rule (no model), answer cache, retrieval, a direct FAQ
/// answer or a model answer (streamed, with tools, output guardrails and a citation check) that
/// falls back to the retrieval answer on a timeout or failure; then the turn and its metrics are
/// stored. <see cref="StreamTurnAsync"/> streams it; <see cref="AnswerAsync"/> waits for it.
/// </summary>
public sealed partial class ConversationEngine(
    ConversationStore store,
    EngineSettingsService settings,
    IKnowledgeRetriever retriever,
    AnswerCache cache,
    KnowledgeBaseVersion knowledgeVersion,
    ToolRunner tools,
    ConversationToolsPlugin toolFunctions,
    ModelGateway model,
    ITokenCounter tokenCounter,
    HandoffNotifier notifier,
    SummaryRefresher summaries,
    IOptionsMonitor<ConversationOptions> conversationOptions,
    IOptions<GuardrailOptions> guardrailOptions,
    IOptions<ChatOptions> chatOptions,
    IOptions<ToolOptions> toolOptions,
    TimeProvider clock,
    ILogger<ConversationEngine> logger)
{
    private readonly ConversationStore _store = store;
    private readonly EngineSettingsService _settings = settings;
    private readonly IKnowledgeRetriever _retriever = retriever;
    private readonly AnswerCache _cache = cache;
    private readonly KnowledgeBaseVersion _knowledgeVersion = knowledgeVersion;
    private readonly ToolRunner _tools = tools;
    private readonly ConversationToolsPlugin _toolFunctions = toolFunctions;
    private readonly ModelGateway _model = model;
    private readonly ITokenCounter _tokenCounter = tokenCounter;
    private readonly HandoffNotifier _notifier = notifier;
    // A monitor: the context budget and history settings saved in the admin portal apply to the next turn.
    private readonly IOptionsMonitor<ConversationOptions> _conversationOptions = conversationOptions;
    private readonly IOptions<GuardrailOptions> _guardrailOptions = guardrailOptions;
    private readonly IOptions<ChatOptions> _chatOptions = chatOptions;
    private readonly TimeProvider _clock = clock;
    private readonly SummaryRefresher _summaries = summaries;
    private readonly PinnedMemoryExtractor _extractor = new(toolOptions.Value.CreateOrderIdRegex());
    private volatile PromptsFor? _prompts;

    public bool HasModel => _model.IsConfigured;

    /// <summary>The prompt builder for these options' context budget (rebuilt when the settings change).</summary>
    private PromptBuilder Prompts(ConversationOptions options)
    {
        if (_prompts is { } cached && ReferenceEquals(cached.Options, options))
        {
            return cached.Builder;
        }

        var builder = new PromptBuilder(_tokenCounter, new ContextBudget(options.ContextTokens, options.AnswerReserveTokens, options.ToolReserveTokens));
        _prompts = new PromptsFor(options, builder);
        return builder;
    }

    private sealed record PromptsFor(ConversationOptions Options, PromptBuilder Builder);

    /// <summary>Runs a turn and streams what happens, ending with <see cref="TurnCompleted"/> or <see cref="TurnRefused"/>.</summary>
    public async IAsyncEnumerable<TurnEvent> StreamTurnAsync(TurnRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var events = Channel.CreateUnbounded<TurnEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(request, events.Writer, stop.Token);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            // The reader stopped early (the customer left): stop the turn and wait for it, never leave it running.
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Runs a turn to the end and returns the stored answer (or why the message was refused).</summary>
    public async Task<TurnResult> AnswerAsync(TurnRequest request, CancellationToken cancellationToken = default)
    {
        await foreach (var item in StreamTurnAsync(request, cancellationToken))
        {
            switch (item)
            {
                case TurnCompleted completed:
                    return new TurnResult(completed.Outcome, null);
                case TurnRefused refused:
                    return new TurnResult(null, refused.Error);
            }
        }

        throw new InvalidOperationException("The turn ended without an answer.");
    }

    private async Task ProduceAsync(TurnRequest request, ChannelWriter<TurnEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await RunTurnAsync(request, events, cancellationToken);
            events.Complete();
        }
        catch (Exception ex)
        {
            events.Complete(ex);
            throw;
        }
    }

    private async Task RunTurnAsync(TurnRequest request, ChannelWriter<TurnEvent> events, CancellationToken cancellationToken)
    {
        var check = ChatMessageRules.Check(request.Message, _chatOptions.Value.MaxMessageLength);
        if (!check.IsValid)
        {
            await events.WriteAsync(new TurnRefused(check.Error!.Value), cancellationToken);
            return;
        }

        ActiveConversation? active;
        if (request.ConversationId is { } id)
        {
            active = await _store.FindAsync(id, cancellationToken);
            if (active is null)
            {
                await events.WriteAsync(new TurnRefused(ChatErrorKind.ConversationNotFound), cancellationToken);
                return;
            }
        }
        else
        {
            active = ConversationStore.CreateNew(request.VisitorId, request.Channel, Domain.Knowledge.Languages.IsSupported(request.Language) ? request.Language! : Domain.Knowledge.Languages.English);
        }

        using var turnLock = await _store.LockAsync(active.Id, cancellationToken);
        if (!active.IsNew)
        {
            // Another turn may have finished while this one waited for the lock: work on its result.
            active = await _store.FindAsync(active.Id, cancellationToken) ?? active;
        }

        var turn = new Turn(this, active, check.Text!, request.DryRun, request.DryRun && request.WarmCache, events, cancellationToken);
        turn.Language = LanguageDetector.Detect(turn.Text, active.Conversation.Language);
        turn.Rules = await _settings.GetRulesAsync(cancellationToken);
        await turn.RunAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model failed ({Reason}); answering from retrieval")]
    private partial void LogModelFallback(string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prompt injection heuristics matched ({Kinds}); answering from the knowledge base only")]
    private partial void LogInjection(IReadOnlyList<string> kinds);

    /// <summary>The work of one turn.</summary>
    private sealed class Turn(ConversationEngine engine, ActiveConversation active, string text, bool dryRun, bool warmCache, ChannelWriter<TurnEvent> events,
        CancellationToken cancellationToken)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly TurnMetrics _metrics = new();
        private readonly List<GuardrailAction> _guardrails = [];
        private readonly ToolContext _tools = new(active.Id, !active.IsNew) { DryRun = dryRun, VisitorId = active.Conversation.VisitorId };
        private readonly StringBuilder _shown = new();
        private AnswerMode? _announcedMode;
        private ConversationState _state = active.Conversation.State;
        private List<PinnedFact> _pinned = [.. active.Conversation.PinnedFacts];
        private string? _handoffReason;
        private bool _injection;

        public string Text { get; private set; } = text;

        public string Language { get; set; } = "en";

        public EngineRules Rules { get; set; } = null!;

        private ConversationOptions Options { get; } = engine._conversationOptions.CurrentValue;

        public async Task RunAsync()
        {
            await WriteAsync(new TurnStarted(active.Id, Language));
            _metrics.Language = Language;

            // Input guardrails: the lexicon (block or mask), then the injection heuristics.
            var lexicon = Rules.Lexicon.Apply(Text);
            if (lexicon.Blocked)
            {
                _guardrails.AddRange(lexicon.Terms.Select(t => new GuardrailAction(GuardrailKinds.InputBlocked, t)));
                Text = lexicon.Text;
                await FinishAsync(AnswerMode.Refused, HandoffTexts.Refused(Language), [], MessageRole.Assistant);
                return;
            }

            if (lexicon.Changed)
            {
                _guardrails.AddRange(lexicon.Terms.Select(t => new GuardrailAction(GuardrailKinds.InputMasked, t)));
                Text = lexicon.Text;
            }

            var injection = PromptInjectionDetector.Inspect(Text);
            if (injection.Detected)
            {
                _injection = true;
                _metrics.InjectionDetected = true;
                _guardrails.AddRange(injection.Kinds.Select(k => new GuardrailAction(GuardrailKinds.Injection, k)));
                engine.LogInjection(injection.Kinds);
            }

            // State: a closed conversation reopens with the assistant; a person's conversation stays theirs.
            var next = ConversationStateRules.OnCustomerMessage(_state);
            if (next != _state)
            {
                _state = next;
                await WriteAsync(new TurnStateChanged(_state, null));
            }

            if (!ConversationStateRules.AssistantAnswers(_state))
            {
                var notice = _state == ConversationState.WaitingForAgent ? HandoffTexts.StillWaiting(Language) : HandoffTexts.WithAgent(Language);
                await FinishAsync(AnswerMode.Handoff, notice, [], MessageRole.System);
                return;
            }

            var facts = engine._extractor.Extract(Text);
            _pinned = PinnedMemoryExtractor.Merge(_pinned, facts);

            if (Rules.Handoff.BeforeAnswer(Text) is { } handoff)
            {
                HandOff(handoff);
                await FinishAsync(AnswerMode.Handoff, HandoffTexts.HandedOff(handoff.Reason, Language), [], MessageRole.Assistant);
                return;
            }

            if (!engine._model.IsConfigured && await TryOrderStatusByRuleAsync())
            {
                return;
            }

            // With a model, a question about a given order goes to the model and its tools, not to the FAQ on orders.
            var orderForModel = engine._model.IsConfigured && OrderQuestion() is (true, not null);
            var version = await engine._knowledgeVersion.GetAsync(cancellationToken);
            var cacheable = !_injection && facts.Count == 0 && !orderForModel;
            if (cacheable)
            {
                _metrics.CacheLookup = true;
                if (!dryRun && await engine._cache.TryGetAsync(Text, Language, version, cancellationToken) is { } cached)
                {
                    _metrics.CacheHit = true;
                    await FinishAsync(AnswerMode.Cache, cached.Text, cached.Citations, MessageRole.Assistant);
                    return;
                }
            }

            // An injection's instructions are not part of the question: retrieval sees the rest.
            var query = _injection ? PromptInjectionDetector.WithoutInstructions(Text) : Text;
            var retrieval = await engine._retriever.RetrieveAsync(new RetrievalQuery(query, Language, Options.RetrievalPassages), cancellationToken);
            _metrics.RetrievalHits = retrieval.Passages.Count;
            _metrics.TopConfidence = retrieval.Passages.Count > 0 ? retrieval.Passages[0].Confidence : null;
            if (dryRun)
            {
                // What the model would be sent, shown even when no model is configured or the FAQ answers directly.
                await WriteAsync(new TurnPromptPlanned(BuildPrompt(retrieval)));
            }

            var policy = new RetrievalAnswerPolicy(engine._chatOptions.Value.RelatedCoverage);
            if (retrieval.ConfidentFaq is not null && !orderForModel)
            {
                var direct = policy.Decide(retrieval, Language);
                if (cacheable && (!dryRun || warmCache))
                {
                    await engine._cache.SetAsync(Text, Language, version, new CachedAnswer(direct.Text, direct.Mode, direct.Citations), cancellationToken);
                }

                await FinishAsync(direct.Mode, direct.Text, direct.Citations, MessageRole.Assistant);
                return;
            }

            var keepFromModel = _injection && engine._guardrailOptions.Value.KeepInjectionsFromModel;
            if (engine._model.IsConfigured && !keepFromModel)
            {
                var answer = await ModelAnswerAsync(retrieval);
                if (answer is not null)
                {
                    if (cacheable && answer.Cacheable && (!dryRun || warmCache))
                    {
                        await engine._cache.SetAsync(Text, Language, version, new CachedAnswer(answer.Text, AnswerMode.Model, answer.Citations), cancellationToken);
                    }

                    await FinishAsync(AnswerMode.Model, answer.Text, answer.Citations, MessageRole.Assistant, alreadyStreamed: true);
                    return;
                }

                // The model failed: the same question still deserves the rule-based tools and the retrieval answer.
                if (await TryOrderStatusByRuleAsync())
                {
                    return;
                }
            }

            var fallback = policy.Decide(retrieval, Language);
            await FinishAsync(fallback.Mode, fallback.Text, fallback.Citations, MessageRole.Assistant);
        }

        /// <summary>Whether the message asks where an order is, and the order number at hand (given now or pinned).</summary>
        private (bool Asks, string? OrderId) OrderQuestion()
        {
            var pattern = engine._extractor.OrderIdPattern;
            var pinned = _pinned.LastOrDefault(f => f.Kind == PinnedFactKinds.OrderId)?.Value;
            try
            {
                var inMessage = pattern.Matches(Text).Select(m => m.Value.ToUpperInvariant()).ToList();
                var orderId = inMessage.LastOrDefault() ?? pinned;
                var justTheNumber = inMessage.Count > 0 && pattern.Replace(Text, "").Trim().Length <= 12;
                return (justTheNumber || OrderIntentRules.AsksForOrderStatus(Text, orderId is not null), orderId);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                // A configured order-number pattern too slow for this message: answer it without the order rule.
                return (false, pinned);
            }
        }

        /// <summary>An order-status question answered by calling <c>query_order_status</c> from the rules (no model).</summary>
        private async Task<bool> TryOrderStatusByRuleAsync()
        {
            var (asks, orderId) = OrderQuestion();
            if (!asks)
            {
                return false;
            }

            if (orderId is null)
            {
                await FinishAsync(AnswerMode.Tool, OrderStatusTexts.AskForOrderId(Language), [], MessageRole.Assistant);
                return true;
            }

            var outcome = await engine._tools.InvokeAsync(ConversationTools.QueryOrderStatus, new Dictionary<string, object?> { ["order_id"] = orderId }, _tools, ToolCallRecord.RuleCaller, cancellationToken);
            await WriteAsync(new TurnToolCalled(outcome.Name, outcome.Succeeded));
            var reply = !outcome.Succeeded
                ? OrderStatusTexts.Unavailable(Language)
                : _tools.Orders.LastOrDefault() is { } order ? OrderStatusTexts.Describe(order, Language) : OrderStatusTexts.NotFound(orderId, Language);
            await FinishAsync(AnswerMode.Tool, reply, [], MessageRole.Assistant);
            return true;
        }

        /// <summary>
        /// A call the pipeline answered without running a tool (the model named one that does not exist):
        /// recorded as a failed call, as ToolRunner records every call it runs.
        /// </summary>
        private ToolCallRecord Unrun(FunctionResultContent result, Dictionary<string, FunctionCallContent> calls)
        {
            calls.TryGetValue(result.CallId, out var call);
            var record = new ToolCallRecord
            {
                ConversationId = _tools.ConversationId,
                Name = call?.Name ?? "unknown",
                Arguments = System.Text.Json.JsonSerializer.Serialize(call?.Arguments ?? new Dictionary<string, object?>()),
                Result = result.Result?.ToString() ?? "",
                Succeeded = false,
                Error = result.Exception?.Message ?? "not run",
                DurationMs = 0,
                Caller = ToolCallRecord.ModelCaller,
                CreatedAt = engine._clock.GetUtcNow(),
            };
            _tools.Calls.Add(record);
            return record;
        }

        /// <summary>Streams a model answer with tools; null when it failed and the caller must fall back.</summary>
        private async Task<ModelAnswer?> ModelAnswerAsync(RetrievalResult retrieval)
        {
            var plan = BuildPrompt(retrieval);
            _metrics.PromptLimit = plan.Limit;

            var allowed = active.History.Where(m => m.Role == MessageRole.Customer).Select(m => m.Text)
                .Append(Text).Concat(retrieval.Passages.Select(p => p.Text)).Concat(_pinned.Select(f => f.Value));
            var personalData = engine._guardrailOptions.Value.MaskPersonalData ? new PersonalDataMasker(allowed) : PersonalDataMasker.Off;
            var guard = new OutputGuard(Rules.Lexicon, personalData, engine._guardrailOptions.Value.MaxAnswerCharacters, Rules.PromptFingerprint(Language));

            var messages = new List<ChatMessage>(plan.Messages);
            var options = new AiChatOptions
            {
                Tools = [.. engine._toolFunctions.Functions],
                ToolMode = ChatToolMode.Auto,
                MaxOutputTokens = Options.AnswerReserveTokens,
            };
            long? usageIn = null, usageOut = null;
            var promptTokens = plan.PromptTokens;
            var raw = new StringBuilder();
            var modelCalls = _tools.Calls.Count;
            var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
            // The pipeline's function invocation runs the model's tool calls (ConversationToolsPlugin); they record into this turn.
            ToolContext.Current = _tools;
            try
            {
                await foreach (var update in engine._model.StreamAsync(messages, options, cancellationToken))
                {
                    foreach (var content in update.Contents)
                    {
                        switch (content)
                        {
                            case TextContent { Text.Length: > 0 } t:
                                raw.Append(t.Text);
                                await ShowAsync(AnswerMode.Model, guard.Push(t.Text));
                                break;
                            case FunctionResultContent result:
                                // A tool ran between two rounds: what it returned may be repeated to the customer (an order's phone number).
                                var resultText = result.Result?.ToString() ?? "";
                                personalData.Allow(resultText);
                                promptTokens += engine._tokenCounter.CountTokens(resultText) + engine.Prompts(Options).Budget.MessageOverhead;
                                var record = modelCalls < _tools.Calls.Count ? _tools.Calls[modelCalls++] : Unrun(result, calls);
                                await WriteAsync(new TurnToolCalled(record.Name, record.Succeeded));
                                break;
                            case FunctionCallContent call:
                                calls[call.CallId] = call;
                                break;
                            case UsageContent usage:
                                usageIn = (usageIn ?? 0) + (usage.Details.InputTokenCount ?? 0);
                                usageOut = (usageOut ?? 0) + (usage.Details.OutputTokenCount ?? 0);
                                break;
                        }
                    }

                    if (guard.Stopped)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return await FailAsync(ModelGateway.FailureReason(ex), ex);
            }
            finally
            {
                ToolContext.Current = null;
            }

            if (guard.MustReplace)
            {
                _guardrails.AddRange(guard.Actions);
                return await FailAsync("guardrail", null);
            }

            await ShowAsync(AnswerMode.Model, guard.Complete());
            _guardrails.AddRange(guard.Actions);
            if (_shown.Length == 0 && _tools.HandoffRequested is null)
            {
                return await FailAsync("empty", null);
            }

            var checkedCitations = CitationChecker.Check(_shown.ToString(), plan.Passages);
            _metrics.CitationCheckFailed = checkedCitations.Flagged;
            _metrics.TokensIn = (int?)usageIn ?? promptTokens;
            _metrics.TokensOut = (int?)usageOut ?? engine._tokenCounter.CountTokens(raw.ToString());
            var text = checkedCitations.Text.Trim();
            if (_tools.HandoffRequested is { } handoff)
            {
                HandOff(handoff);
                text = (text.Length > 0 ? text + "\n\n" : "") + HandoffTexts.HandedOff(handoff.Reason, Language);
            }

            var cacheable = _tools.Calls.Count == 0 && _pinned.Count == 0 && active.History.Count == 0 && !guard.Stopped && !checkedCitations.Flagged;
            return new ModelAnswer(text, checkedCitations.Citations, cacheable);
        }

        private PromptPlan BuildPrompt(RetrievalResult retrieval) => engine.Prompts(Options).Build(new PromptInput(
            Language, Rules.Settings.SystemPrompt(Language), Text, active.History, active.Conversation.Summary, _pinned, retrieval.Passages, engine._toolFunctions.Functions));

        private async Task<ModelAnswer?> FailAsync(string reason, Exception? exception)
        {
            _metrics.FallbackReason = reason;
            if (exception is not null)
            {
                engine.LogModelFallback(reason, exception);
            }

            if (_shown.Length > 0)
            {
                _shown.Clear();
                await WriteAsync(new TurnAnswerReset(reason));
            }

            return null;
        }

        private async Task ShowAsync(AnswerMode mode, string delta)
        {
            if (delta.Length == 0)
            {
                return;
            }

            if (_announcedMode != mode)
            {
                _announcedMode = mode;
                await WriteAsync(new TurnModeChanged(mode));
            }

            _metrics.TtftMs ??= ElapsedMs();
            _shown.Append(delta);
            await WriteAsync(new TurnTextDelta(delta));
        }

        private void HandOff(HandoffDecision decision)
        {
            _state = ConversationState.WaitingForAgent;
            _handoffReason = decision.Reason;
            _metrics.HandoffReason = decision.Reason;
            if (!dryRun)
            {
                engine._notifier.Notify(new HandoffNotice(active.Id, decision.Reason, decision.Detail, Language, engine._clock.GetUtcNow()));
            }
        }

        private async Task FinishAsync(AnswerMode mode, string reply, IReadOnlyList<Citation> citations, MessageRole role, bool alreadyStreamed = false)
        {
            var streak = mode == AnswerMode.Unanswered ? active.Conversation.UnansweredStreak + 1
                : mode is AnswerMode.Handoff or AnswerMode.Refused ? active.Conversation.UnansweredStreak : 0;
            if (_state == ConversationState.Bot && role == MessageRole.Assistant && Rules.Handoff.AfterAnswer(streak) is { } handoff)
            {
                HandOff(handoff);
                reply = HandoffTexts.HandedOff(handoff.Reason, Language);
                streak = 0;
                if (alreadyStreamed)
                {
                    await WriteAsync(new TurnAnswerReset("handoff"));
                    alreadyStreamed = false;
                }
            }

            if (!alreadyStreamed)
            {
                _shown.Clear();
                await ShowAsync(mode, reply);
            }
            else if (reply != _shown.ToString())
            {
                // The citation check (or a handoff notice) changed the streamed text; the stored answer is the final word.
                _shown.Clear().Append(reply);
            }

            _metrics.AnswerMode = mode;
            _metrics.LatencyMs = ElapsedMs();
            _metrics.ToolCalls = _tools.Calls.Count;
            _metrics.ToolFailures = _tools.Calls.Count(c => !c.Succeeded);
            _metrics.GuardrailActions = _guardrails.Distinct().ToList();
            if (mode == AnswerMode.Handoff)
            {
                _metrics.HandoffReason ??= _handoffReason;
            }

            // A dry run (the search playground) stores nothing: no conversation, messages, metrics or tool calls.
            var (saved, customerId, replyId) = dryRun ? (active, 0L, 0L) : await engine._store.SaveTurnAsync(new TurnRecord(
                active, Text, role, reply, citations, Language, _state, _pinned, streak, _handoffReason, _metrics,
                _tools.Calls, _tools.TicketIds, engine._clock.GetUtcNow()), cancellationToken);

            if (saved.Conversation.SummaryThrough != active.Conversation.SummaryThrough)
            {
                // Turns slid out of the window: the model (if any) rewrites the extractive summary in the background.
                engine._summaries.Enqueue(saved.Id);
            }

            if (citations.Count > 0)
            {
                await WriteAsync(new TurnCitations(citations));
            }

            if (_handoffReason is not null)
            {
                await WriteAsync(new TurnStateChanged(_state, _handoffReason));
            }

            await WriteAsync(new TurnCompleted(new TurnOutcome(
                saved.Id, replyId, customerId, reply, mode, citations, Language, _state, _handoffReason, _metrics)));
        }

        private int ElapsedMs() => (int)Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

        private ValueTask WriteAsync(TurnEvent item) => events.WriteAsync(item, cancellationToken);
    }

    private sealed record ModelAnswer(string Text, IReadOnlyList<Citation> Citations, bool Cacheable);
}
