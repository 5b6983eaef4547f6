using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Guardrails;
using QwenHelp.Domain.Prompting;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Seeding;
using QwenHelp.Infrastructure.Startup;
using QwenHelp.Web;
using QwenHelp.Web.Security;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench chat-engine [--turns N]</c>: the conversation engine alone, on a fresh SQLite database
/// with the demo knowledge base and a scripted model that answers instantly: turns per second and
/// P50/P99 latency for direct, cached and model answers (in long conversations), and the engine's
/// own CPU work per model answer at a 32K budget (prompt building, output guard, citation check).
/// </summary>
public sealed class ChatEngineBenchmark : ICliCommand
{
    public string Verb => "bench chat-engine";

    public string Summary => "Measure the conversation engine (direct, cache, scripted-model turns; overhead at 32K)";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "turns" }, new HashSet<string>(), out var problem);
        var modelTurns = 1000;
        if (problem is not null || (arguments.Get("turns") is { } turns && (!int.TryParse(turns, NumberStyles.None, CultureInfo.InvariantCulture, out modelTurns) || modelTurns is < 1 or > 1_000_000)))
        {
            await errors.WriteLineAsync(problem ?? "--turns takes a number from 1 to 1,000,000.");
            await errors.WriteLineAsync("Usage: bench chat-engine [--turns N]");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "qwenhelp-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = Build(folder);
            // What the app does before it serves: the schema and demo data, then the retrieval indexes loaded
            // from them (without these the engine finds no passages, and no direct answer).
            foreach (var service in app.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>().Where(s => s is DatabaseInitializer or RetrievalIndexLoader))
            {
                await service.StartingAsync(cancellationToken);
            }

            var engine = app.Services.GetRequiredService<ConversationEngine>();
            var questions = DemoDataSet.LoadFaq().SelectMany(f => new[] { f.Question }.Concat(f.AlternateQuestions ?? [])).Distinct().ToList();
            await output.WriteLineAsync($"bench chat-engine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, demo knowledge base, SQLite in {folder}");

            // Warm-up: JIT, connection pool, the settings row.
            foreach (var q in questions.Take(20))
            {
                await engine.AnswerAsync(new TurnRequest(null, q + " warm", Channels.Api), cancellationToken);
            }

            var direct = await MeasureAsync(engine, questions.Select(q => (q, (Guid?)null)), AnswerMode.Direct, cancellationToken);
            var results = new List<object> { await Report(output, "direct", direct) };
            var cached = await MeasureAsync(engine, questions.Select(q => (q, (Guid?)null)), AnswerMode.Cache, cancellationToken);
            results.Add(await Report(output, "cache", cached));

            // Model answers in long conversations: 50 turns each, every one through prompt building, the
            // scripted model (instant), the output guard and the citation check.
            var model = new List<double>();
            var conversations = Math.Max(1, modelTurns / 50);
            for (var c = 0; c < conversations; c++)
            {
                Guid? id = null;
                for (var t = 0; t < 50 && model.Count < modelTurns; t++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var result = await engine.AnswerAsync(new TurnRequest(id, $"Could you suggest a present for my {Relatives[t % Relatives.Length]} (conversation {c}, turn {t})? My order was LM2026000{1234 + t}.", Channels.Api), cancellationToken);
                    model.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    id = result.Outcome!.ConversationId;
                    if (result.Outcome.Mode != AnswerMode.Model)
                    {
                        await errors.WriteLineAsync($"Expected a model answer, got {result.Outcome.Mode}.");
                        return 1;
                    }
                }
            }

            results.Add(await Report(output, "model", new Measured(model, model.Sum())));
            await output.WriteLineAsync("  (model = scripted, 0 ms per token: the latency is the engine's own, database writes included)");
            var overhead = await MeasureCpuOverheadAsync(output, app.Services.GetRequiredService<ITokenCounter>());
            await output.WriteLineAsync(JsonSerializer.Serialize(new { bench = "chat-engine", cores = Environment.ProcessorCount, results, overhead }));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static readonly string[] Relatives = ["mother", "father", "sister", "brother", "grandmother", "friend", "colleague"];

    private static WebApplication Build(string folder)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.AddShippedDefaults();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QwenHelp:Storage:DataFolder"] = folder,
            ["QwenHelp:Admin:Password"] = "Bench-Admin-Pass1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddInfrastructure();
        builder.AddRetrieval();
        builder.AddConversationEngine();
        builder.AddStaffAuthentication();
        builder.Services.AddSingleton<IChatClient, InstantChatClient>();
        return builder.Build();
    }

    private static async Task<Measured> MeasureAsync(ConversationEngine engine, IEnumerable<(string Text, Guid? Conversation)> turns, AnswerMode expected, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        foreach (var (text, conversation) in turns)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await engine.AnswerAsync(new TurnRequest(conversation, text, Channels.Api), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Outcome?.Mode == expected)
            {
                latencies.Add(elapsed);
            }
        }

        return new Measured(latencies, total.Elapsed.TotalMilliseconds);
    }

    /// <summary>The CPU work the engine adds to one model answer at a 32K budget, without I/O.</summary>
    private static async Task<object> MeasureCpuOverheadAsync(TextWriter output, ITokenCounter tokens)
    {
        var builder = new PromptBuilder(tokens, new ContextBudget());
        var history = Enumerable.Range(0, 12).Select(i => new HistoryMessage(i, i % 2 == 0 ? MessageRole.Customer : MessageRole.Assistant,
            string.Concat(Enumerable.Repeat(i % 4 < 2 ? "我想了解一下退货和退款的具体流程。" : "Here is how returns and refunds work for your order. ", 80)))).ToList();
        var passages = Enumerable.Range(0, 6).Select(i => new RetrievedPassage(PassageKind.Chunk, i, "Returns policy §" + i,
            string.Concat(Enumerable.Repeat("Items can be returned within 7 days of delivery if unused. 签收后7天内可申请退货。", 40)), "en", 1, 0.5, [])).ToList();
        var summary = string.Join('\n', Enumerable.Range(0, 30).Select(i => $"Customer: question {i} about an order and its delivery"));
        var facts = new[] { new PinnedFact(PinnedFactKinds.OrderId, "LM20260001234"), new PinnedFact(PinnedFactKinds.Phone, "13800138000") };
        var rules = new EngineRules(EngineSettings.Defaults);
        var answer = string.Concat(Enumerable.Repeat("You can return it within 7 days [1]. Refunds reach you in 3 business days [2]. ", 10));
        var samples = new List<double>();
        var promptTokens = 0;
        for (var i = 0; i < 2200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var plan = builder.Build(new PromptInput("en", SystemPrompts.DefaultEnglish, "How do I return the lamp from my order?", history, summary, facts, passages, ConversationTools.All));
            var guard = new OutputGuard(rules.Lexicon, new PersonalDataMasker(history.Select(h => h.Text)), 2000, rules.PromptFingerprint("en"));
            var shown = new System.Text.StringBuilder();
            for (var p = 0; p < answer.Length; p += 4)
            {
                shown.Append(guard.Push(answer.Substring(p, Math.Min(4, answer.Length - p))));
            }

            shown.Append(guard.Complete());
            CitationChecker.Check(shown.ToString(), plan.Passages);
            promptTokens = plan.PromptTokens;
            if (i >= 200)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        samples.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"overhead  prompt build ({promptTokens} tokens of a 32768 context) + output guard ({answer.Length} chars) + citation check: p50={Percentile(samples, 0.5):0.000} ms  p99={Percentile(samples, 0.99):0.000} ms"));
        return new { promptTokens, answerChars = answer.Length, p50Ms = Math.Round(Percentile(samples, 0.5), 4), p99Ms = Math.Round(Percentile(samples, 0.99), 4) };
    }

    private static async Task<object> Report(TextWriter output, string name, Measured measured)
    {
        var sorted = measured.Latencies.Order().ToList();
        var perSecond = sorted.Count / (measured.TotalMs / 1000);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name,-8}  turns={sorted.Count,5}  turns/s={perSecond:0.0}  p50={Percentile(sorted, 0.5):0.00} ms  p99={Percentile(sorted, 0.99):0.00} ms"));
        return new { mode = name, turns = sorted.Count, turnsPerSecond = Math.Round(perSecond, 1), p50Ms = Rounded(Percentile(sorted, 0.5)), p99Ms = Rounded(Percentile(sorted, 0.99)) };
    }

    /// <summary>JSON has no NaN: a mode with no turns has no latency.</summary>
    private static double? Rounded(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private sealed record Measured(List<double> Latencies, double TotalMs);

    /// <summary>A model that answers at once: what is measured is everything around it.</summary>
    private sealed class InstantChatClient : IChatClient
    {
        private const string Answer = "For a thoughtful present, many customers choose the ceramic pour-over coffee set or the smart LED desk lamp [1]. Both can be gift-wrapped at checkout, and returns are accepted within 7 days [2].";

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => StreamAsync(cancellationToken);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer)));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            for (var i = 0; i < Answer.Length; i += 4)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new ChatResponseUpdate(ChatRole.Assistant, Answer.Substring(i, Math.Min(4, Answer.Length - i)));
            }
        }
    }
}
