using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.ML.OnnxRuntimeGenAI;
using QwenHelp.Infrastructure.Inference.Generation;

namespace QwenHelp.Infrastructure.Inference.GenAi;

/// <summary>
/// One generation on ONNX Runtime GenAI: its Generator runs prefill, the key/value cache and the
/// sampling; QwenHelp adds what GenAI does not: stop strings held back across tokens, the stop tokens
/// of a ChatML model, streaming text through a channel, and cancellation between steps.
/// </summary>
public sealed class GenAiTextGenerator(GenAiModel model)
{
    public GenAiModel Model => model;

    /// <summary>Generates from <paramref name="prompt"/> (token ids); the last update carries the finish reason and figures.</summary>
    public async IAsyncEnumerable<GenerationUpdate> GenerateAsync(IReadOnlyList<int> prompt, GenerationSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        }

        if (prompt.Count >= model.MaxLength)
        {
            throw new PromptTooLongException(prompt.Count, model.MaxLength);
        }

        var channel = Channel.CreateUnbounded<GenerationUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // Stops the loop when the reader goes away early (breaks out, is disposed) as well as on cancellation.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loopToken = stop.Token;
        // GenerateNextToken is synchronous native work: run it off the request thread and stream through the channel.
        var worker = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Run(prompt, settings, channel.Writer, loopToken);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                // Tokens made before a cancellation but not yet read are dropped, not shown.
                cancellationToken.ThrowIfCancellationRequested();
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }
    }

    private void Run(IReadOnlyList<int> prompt, GenerationSettings settings, ChannelWriter<GenerationUpdate> output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var maxNew = Math.Min(settings.MaxNewTokens, model.MaxLength - prompt.Count);
        using var parameters = new GeneratorParams(model.Model);
        SetSearchOptions(parameters, settings, prompt.Count + maxNew);
        // Cancellation is checked between steps, so a cancelled request stops after the step in progress.
        // GenAI's terminate_session option would stop a step sooner, but 0.20 then aborts the whole process
        // ("Session in Terminated state") when the generator is destroyed.
        using var generator = new Generator(model.Model, parameters);
        using var detokenizer = model.Tokenizer.CreateStream();
        var stops = new StopStringFilter(settings.StopStrings);
        var stopTokens = settings.StopTokenIds.Count > 0 ? settings.StopTokenIds : model.StopTokenIds;
        var promptTokens = prompt is int[] array ? array : prompt.ToArray();

        cancellationToken.ThrowIfCancellationRequested();
        var prefillStarted = Stopwatch.GetTimestamp();
        generator.AppendTokens(promptTokens);
        cancellationToken.ThrowIfCancellationRequested();
        var token = NextToken(generator);
        var prefill = Stopwatch.GetElapsedTime(prefillStarted);
        var timeToFirstToken = Stopwatch.GetElapsedTime(started);
        var decodeStarted = Stopwatch.GetTimestamp();
        var decodeRun = TimeSpan.Zero;
        var generated = 0;
        var decodeSteps = 0;
        GenerationFinish finish;
        while (true)
        {
            if (stopTokens.Contains(token))
            {
                finish = GenerationFinish.StopToken;
                break;
            }

            generated++;
            var text = stops.Push(detokenizer.Decode(token));
            output.TryWrite(new GenerationUpdate(text, token));
            if (stops.Stopped)
            {
                finish = GenerationFinish.StopString;
                break;
            }

            if (generated >= maxNew)
            {
                finish = generated >= settings.MaxNewTokens ? GenerationFinish.MaxTokens : GenerationFinish.ContextFull;
                break;
            }

            if (generator.IsDone())
            {
                // GenAI ended on an end-of-sequence id of genai_config.json that is not among our stop tokens.
                finish = GenerationFinish.StopToken;
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var stepStarted = Stopwatch.GetTimestamp();
            token = NextToken(generator);
            decodeRun += Stopwatch.GetElapsedTime(stepStarted);
            decodeSteps++;
        }

        var decodeWall = Stopwatch.GetElapsedTime(decodeStarted);
        var rest = stops.Flush();
        output.TryWrite(new GenerationUpdate(rest, null, finish, new GenerationStats
        {
            PromptTokens = prompt.Count,
            GeneratedTokens = generated,
            PrefillRunTime = prefill,
            TimeToFirstToken = timeToFirstToken,
            DecodeRunTime = decodeRun,
            DecodeWallTime = decodeWall,
            DecodeSteps = decodeSteps,
        }));
    }

    /// <summary>Request settings as GenAI's search options: greedy at temperature 0, else sampling with top-p/top-k.</summary>
    private void SetSearchOptions(GeneratorParams parameters, GenerationSettings settings, int maxLength)
    {
        parameters.SetSearchOption("max_length", maxLength);
        var sample = settings.Temperature > 0;
        parameters.SetSearchOption("do_sample", sample);
        if (sample)
        {
            parameters.SetSearchOption("temperature", settings.Temperature);
            parameters.SetSearchOption("top_p", settings.TopP);
            // GenAI's default top_k is 50; our 0 means "off", which is the whole vocabulary.
            if ((settings.TopK > 0 ? settings.TopK : model.Config.VocabSize) is { } topK)
            {
                parameters.SetSearchOption("top_k", topK);
            }
            if (settings.Seed is { } seed)
            {
                parameters.SetSearchOption("random_seed", seed);
            }
        }

        parameters.SetSearchOption("repetition_penalty", settings.RepetitionPenalty);
    }

    private static int NextToken(Generator generator)
    {
        generator.GenerateNextToken();
        return generator.GetNextTokens()[0];
    }
}
