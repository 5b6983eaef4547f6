using System.Diagnostics;
using System.Globalization;
using QwenHelp.Infrastructure.Inference.Backends;
using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench generate --model DIR</c>: loads a model folder with the in-process engine and prints
/// prefill and decode throughput, time to first token and the loop's overhead outside Run.
/// </summary>
public sealed class BenchGenerateCommand : ICliCommand
{
    public string Verb => "bench generate";

    public string Summary => "Measure the in-process engine: bench generate --model DIR [--prompt-tokens 128] [--new-tokens 64] [--runs 3] [--threads 0] [--provider cpu|cuda] [--library PATH]";

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

        QwenModel model;
        OrtRuntime runtime;
        var loadStarted = Stopwatch.GetTimestamp();
        try
        {
            runtime = OrtRuntime.Load(OnnxModelHost.ResolveLibrary(options.Library, Directory.GetCurrentDirectory()));
            model = QwenModel.Load(Path.GetFullPath(options.Model), runtime, new OrtSessionSettings { Provider = options.Provider, IntraOpThreads = options.Threads });
        }
        catch (Exception ex) when (ex is ModelFolderException or OrtLibraryException or OrtException)
        {
            errors.WriteLine(ex.Message);
            return 1;
        }

        using (runtime)
        using (model)
        {
            var loadTime = Stopwatch.GetElapsedTime(loadStarted);
            var generator = new TextGenerator(model);
            var prompt = Prompt(model, options.PromptTokens);
            var settings = new GenerationSettings { MaxNewTokens = options.NewTokens, Temperature = 0, StopTokenIds = new HashSet<int> { -1 } };
            var d = model.Config.Decoder;
            output.WriteLine($"model      {model.Folder} ({model.Config.ModelType}, {d.Layers} layers, {d.AttentionHeads}/{d.KeyValueHeads} heads x {d.HeadSize}, vocab {model.Decoder.VocabularySize}, share buffer {model.Decoder.ShareBuffer})");
            output.WriteLine($"runtime    ONNX Runtime {runtime.Version}, {options.Provider.ToString().ToLowerInvariant()}, intra-op threads {(options.Threads == 0 ? "default" : options.Threads)}; {Environment.ProcessorCount} cores; loaded in {loadTime.TotalSeconds:F1} s");
            output.WriteLine($"workload   {prompt.Length} prompt tokens, {options.NewTokens} new tokens (greedy), {options.Runs} runs after 1 warm-up");

            await RunOnceAsync(generator, prompt[..Math.Min(prompt.Length, 16)], settings with { MaxNewTokens = 4 }, cancellationToken);
            var runs = new List<GenerationStats>();
            for (var i = 0; i < options.Runs; i++)
            {
                runs.Add(await RunOnceAsync(generator, prompt, settings, cancellationToken));
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
            output.WriteLine($"TTFT       {median.TimeToFirstToken.TotalMilliseconds:F1} ms (prefill Run {median.PrefillRunTime.TotalMilliseconds:F1} ms, beyond it {(median.TimeToFirstToken - median.PrefillRunTime).TotalMilliseconds:F2} ms; target <= 10 ms)");
            output.WriteLine($"overhead   {median.LoopOverhead * 100:F2} % of decode time inside Run is spent outside it ({(median.DecodeWallTime - median.DecodeRunTime).TotalMilliseconds:F1} ms of {median.DecodeWallTime.TotalMilliseconds:F1} ms; target <= 5 %)");
            return 0;
        }
    }

    private static string Row(string label, GenerationStats s) =>
        string.Create(CultureInfo.InvariantCulture, $"{label,-4} {Rate(s.PromptTokens, s.PrefillRunTime),13:F1}  {Rate(s.DecodeSteps, s.DecodeWallTime),12:F1}  {s.TimeToFirstToken.TotalMilliseconds,7:F1}  {(s.TimeToFirstToken - s.PrefillRunTime).TotalMilliseconds,15:F2}  {s.LoopOverhead * 100,10:F2}");

    private static double Rate(int tokens, TimeSpan time) => time > TimeSpan.Zero ? tokens / time.TotalSeconds : 0;

    private static async Task<GenerationStats> RunOnceAsync(TextGenerator generator, int[] prompt, GenerationSettings settings, CancellationToken cancellationToken)
    {
        GenerationStats? stats = null;
        await foreach (var update in generator.GenerateAsync(prompt, settings, cancellationToken))
        {
            stats = update.Stats ?? stats;
        }

        return stats!;
    }

    /// <summary>A realistic prompt of about <paramref name="tokens"/> tokens: a chat turn about the demo shop, repeated.</summary>
    private static int[] Prompt(QwenModel model, int tokens)
    {
        const string Text = "顾客问：我上周在流明商城买的蓝牙耳机还没有发货，订单号 20240601123，请问什么时候能到？ The customer also asks whether the refund for a returned jacket has been processed, and how long it takes to reach a credit card. ";
        var ids = new List<int>(model.Tokenizer.Encode("<|im_start|>system\nYou are the customer service assistant of Lumen Mall.<|im_end|>\n<|im_start|>user\n"));
        var piece = model.Tokenizer.Encode(Text);
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
                    case "--library":
                        options = options with { Library = Next() };
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

        if (options.PromptTokens < 1 || options.NewTokens < 1 || options.Runs < 1 || options.Threads < 0)
        {
            errors.WriteLine("--prompt-tokens, --new-tokens and --runs must be positive; --threads 0 or more.");
            return null;
        }

        return options;
    }

    private sealed record BenchOptions
    {
        public string Model { get; init; } = "";

        public string Library { get; init; } = "";

        public int PromptTokens { get; init; } = 128;

        public int NewTokens { get; init; } = 64;

        public int Runs { get; init; } = 3;

        public int Threads { get; init; }

        public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;
    }
}
