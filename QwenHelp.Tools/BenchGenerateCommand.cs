using System.Diagnostics;
using System.Globalization;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.GenAi;
using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.Runtime;
using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench generate --model DIR</c>: loads a model folder with the in-process engine (ONNX Runtime
/// GenAI) and prints prefill and decode
/// throughput, time to first token, memory, and with <c>--concurrency</c> the aggregate rate of
/// several streams at once.
/// </summary>
public sealed class BenchGenerateCommand : ICliCommand
{
    public string Verb => "bench generate";

    public string Summary => "Measure the in-process engine: bench generate --model DIR [--prompt-tokens 128] [--new-tokens 64] [--runs 3] [--threads 0] [--provider cpu|cuda] [--concurrency 1,4,8]";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var options = ParseArgs(args, errors);
        if (options is null)
        {
            errors.WriteLine(Summary);
            return 2;
        }

        var folder = Path.GetFullPath(options.Model);
        Engine engine;
        var loadStarted = Stopwatch.GetTimestamp();
        try
        {
            engine = Engine.GenAi(folder, options);
        }
        catch (Exception ex) when (ex is ModelFolderException or MissingNativeLibraryException)
        {
            errors.WriteLine(ex.Message);
            return 1;
        }

        using (engine)
        {
            var loadTime = Stopwatch.GetElapsedTime(loadStarted);
            var prompt = Prompt(QwenTokenizer.Load(Path.Combine(folder, "tokenizer.json")), options.PromptTokens);
            var settings = new GenerationSettings { MaxNewTokens = options.NewTokens, Temperature = 0, StopTokenIds = new HashSet<int> { -1 } };
            output.WriteLine($"model      {folder}");
            output.WriteLine($"engine     {engine.Description}, {options.Provider.ToString().ToLowerInvariant()}, intra-op threads {(options.Threads == 0 ? "default" : options.Threads)}; {Environment.ProcessorCount} cores; loaded in {loadTime.TotalSeconds:F1} s");
            output.WriteLine($"workload   {prompt.Length} prompt tokens, {options.NewTokens} new tokens (greedy), {options.Runs} runs after 1 warm-up");

            await RunOnceAsync(engine, prompt[..Math.Min(prompt.Length, 16)], settings with { MaxNewTokens = 4 }, cancellationToken);
            var runs = new List<GenerationStats>();
            for (var i = 0; i < options.Runs; i++)
            {
                runs.Add(await RunOnceAsync(engine, prompt, settings, cancellationToken));
            }

            output.WriteLine();
            output.WriteLine("run  prefill tok/s  decode tok/s  TTFT ms  TTFT-prefill ms  overhead %");
            for (var i = 0; i < runs.Count; i++)
            {
                output.WriteLine(Row((i + 1).ToString(CultureInfo.InvariantCulture), runs[i]));
            }

            var median = runs.OrderBy(r => r.DecodeWallTime).ElementAt(runs.Count / 2);
            output.WriteLine(Row("med", median));
            output.WriteLine();
            output.WriteLine($"prefill    {Rate(median.PromptTokens, median.PrefillRunTime):F1} tokens/s");
            output.WriteLine($"decode     {Rate(median.DecodeSteps, median.DecodeWallTime):F1} tokens/s ({median.DecodeSteps} steps, {median.DecodeWallTime.TotalMilliseconds / Math.Max(1, median.DecodeSteps):F2} ms each)");
            output.WriteLine($"TTFT       {median.TimeToFirstToken.TotalMilliseconds:F1} ms (prefill {median.PrefillRunTime.TotalMilliseconds:F1} ms)");
            output.WriteLine($"memory     {Environment.WorkingSet / (1024 * 1024)} MB resident after the runs");

            foreach (var streams in options.Concurrency.Where(c => c > 1))
            {
                var started = Stopwatch.GetTimestamp();
                var all = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(() => RunOnceAsync(engine, prompt, settings, cancellationToken), cancellationToken)));
                var wall = Stopwatch.GetElapsedTime(started);
                var generated = all.Sum(r => r.GeneratedTokens);
                var ttft = all.Select(r => r.TimeToFirstToken.TotalMilliseconds).Order().ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"x{streams,-3}      {generated / wall.TotalSeconds:F1} tokens/s over all streams; TTFT per stream median {ttft[ttft.Count / 2]:F1} ms, worst {ttft[^1]:F1} ms"));
            }

            return 0;
        }
    }

    private static string Row(string label, GenerationStats s) =>
        string.Create(CultureInfo.InvariantCulture, $"{label,-4} {Rate(s.PromptTokens, s.PrefillRunTime),13:F1}  {Rate(s.DecodeSteps, s.DecodeWallTime),12:F1}  {s.TimeToFirstToken.TotalMilliseconds,7:F1}  {(s.TimeToFirstToken - s.PrefillRunTime).TotalMilliseconds,15:F2}  {s.LoopOverhead * 100,10:F2}");

    private static double Rate(int tokens, TimeSpan time) => time > TimeSpan.Zero ? tokens / time.TotalSeconds : 0;

    private static async Task<GenerationStats> RunOnceAsync(Engine engine, int[] prompt, GenerationSettings settings, CancellationToken cancellationToken)
    {
        GenerationStats? stats = null;
        await foreach (var update in engine.Generate(prompt, settings, cancellationToken))
        {
            stats = update.Stats ?? stats;
        }

        return stats!;
    }

    /// <summary>A realistic prompt of about <paramref name="tokens"/> tokens: a chat turn about the demo shop, repeated.</summary>
    private static int[] Prompt(Microsoft.ML.Tokenizers.Tokenizer tokenizer, int tokens)
    {
        const string Text = "顾客问：我上周在流明商城买的蓝牙耳机还没有发货，订单号 20240601123，请问什么时候能到？ The customer also asks whether the refund for a returned jacket has been processed, and how long it takes to reach a credit card. ";
        var ids = new List<int>(tokenizer.EncodeToIds("<|im_start|>system\nYou are the customer service assistant of Lumen Mall.<|im_end|>\n<|im_start|>user\n"));
        var piece = tokenizer.EncodeToIds(Text);
        while (ids.Count < tokens)
        {
            ids.AddRange(piece);
        }

        return ids.Take(tokens).ToArray();
    }

    private static BenchOptions? ParseArgs(string[] args, TextWriter errors)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--model":
                        options = options with { Model = Next() };
                        break;
                    case "--concurrency":
                        options = options with { Concurrency = Next().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() };
                        break;
                    case "--prompt-tokens":
                        options = options with { PromptTokens = int.Parse(Next(), CultureInfo.InvariantCulture) };
                        break;
                    case "--new-tokens":
                        options = options with { NewTokens = int.Parse(Next(), CultureInfo.InvariantCulture) };
                        break;
                    case "--runs":
                        options = options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) };
                        break;
                    case "--threads":
                        options = options with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) };
                        break;
                    case "--provider":
                        options = options with { Provider = Enum.Parse<ExecutionProvider>(Next(), ignoreCase: true) };
                        break;
                    default:
                        errors.WriteLine($"Unknown argument '{args[i]}'.");
                        return null;
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                errors.WriteLine($"Bad value for {args[i - 1]}: {ex.Message}");
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.WriteLine("--model DIR is required (a model folder as onnxruntime-genai's builder writes it).");
            return null;
        }

        if (options.PromptTokens < 1 || options.NewTokens < 1 || options.Runs < 1 || options.Threads < 0 || options.Concurrency.Any(c => c < 1))
        {
            errors.WriteLine("--prompt-tokens, --new-tokens and --runs must be positive; --threads 0 or more.");
            return null;
        }

        return options;
    }

    private sealed record BenchOptions
    {
        public string Model { get; init; } = "";

        public int[] Concurrency { get; init; } = [1];

        public int PromptTokens { get; init; } = 128;

        public int NewTokens { get; init; } = 64;

        public int Runs { get; init; } = 3;

        public int Threads { get; init; }

        public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;
    }

    /// <summary>The engine under measurement and what it owns.</summary>
    private sealed class Engine(string description, Func<int[], GenerationSettings, CancellationToken, IAsyncEnumerable<GenerationUpdate>> generate, IDisposable owned) : IDisposable
    {
        public string Description => description;

        public IAsyncEnumerable<GenerationUpdate> Generate(int[] prompt, GenerationSettings settings, CancellationToken cancellationToken) => generate(prompt, settings, cancellationToken);

        public static Engine GenAi(string folder, BenchOptions options)
        {
            var model = GenAiModel.Load(folder, options.Provider, 0, options.Threads);
            var generator = new GenAiTextGenerator(model);
            return new Engine("ONNX Runtime GenAI 0.20", generator.GenerateAsync, model);
        }

        public void Dispose() => owned.Dispose();
    }
}
