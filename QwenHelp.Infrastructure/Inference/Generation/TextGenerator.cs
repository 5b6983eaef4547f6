using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;
using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>
/// The decode loop: prefill the prompt, then one token at a time with the key/value cache, sampling,
/// stop tokens and strings, max tokens, and cancellation within one step (a cancelled token also
/// stops a Run in progress). Streams text that never splits a UTF-8 character or shows a stop string.
/// </summary>
public sealed class TextGenerator(QwenModel model)
{
    public QwenModel Model => model;

    /// <summary>Generates from <paramref name="prompt"/> (token ids); the last update carries the finish reason and figures.</summary>
    public async IAsyncEnumerable<GenerationUpdate> GenerateAsync(IReadOnlyList<int> prompt, GenerationSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        }

        if (prompt.Count >= model.Decoder.MaxLength)
        {
            throw new PromptTooLongException(prompt.Count, model.Decoder.MaxLength);
        }

        var channel = Channel.CreateUnbounded<GenerationUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // Stops the loop when the reader goes away early (breaks out, is disposed) as well as on cancellation.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loopToken = stop.Token;
        // The loop is synchronous native work: run it off the request thread and stream through the channel.
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
        var decoder = model.Decoder;
        using var cache = decoder.CreateCache();
        using var run = new OrtRunHandle(decoder.Runtime);
        using var stopRun = cancellationToken.Register(run.Terminate);
        var sampler = new Sampler(settings, prompt);
        var detokenizer = new StreamingDetokenizer(model.Tokenizer);
        var stops = new StopStringFilter(settings.StopStrings);
        var stopTokens = settings.StopTokenIds.Count > 0 ? settings.StopTokenIds : model.StopTokenIds;
        var promptTokens = prompt is int[] array ? array : prompt.ToArray();

        cancellationToken.ThrowIfCancellationRequested();
        var token = 0;
        // Sample straight from ONNX Runtime's logits buffer (one delegate for the whole generation).
        LastRow choose = logits => token = sampler.Next(logits);
        Step(decoder, cache, promptTokens, run, choose, out var prefillRun, cancellationToken);
        var timeToFirstToken = Stopwatch.GetElapsedTime(started);
        var decodeStarted = Stopwatch.GetTimestamp();
        var decodeRun = TimeSpan.Zero;
        var generated = 0;
        var decodeSteps = 0;
        GenerationFinish finish;
        Span<int> one = stackalloc int[1];
        while (true)
        {
            if (stopTokens.Contains(token))
            {
                finish = GenerationFinish.StopToken;
                break;
            }

            generated++;
            var text = stops.Push(detokenizer.Append(token));
            output.TryWrite(new GenerationUpdate(text, token));
            if (stops.Stopped)
            {
                finish = GenerationFinish.StopString;
                break;
            }

            if (generated >= settings.MaxNewTokens)
            {
                finish = GenerationFinish.MaxTokens;
                break;
            }

            if (cache.Length + 1 > decoder.MaxLength)
            {
                finish = GenerationFinish.ContextFull;
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            one[0] = token;
            Step(decoder, cache, one, run, choose, out var stepRun, cancellationToken);
            decodeRun += stepRun;
            decodeSteps++;
        }

        var decodeWall = Stopwatch.GetElapsedTime(decodeStarted);
        var rest = stops.Flush() + (stops.Stopped ? "" : stops.Push(detokenizer.Flush()) + stops.Flush());
        output.TryWrite(new GenerationUpdate(rest, null, finish, new GenerationStats
        {
            PromptTokens = prompt.Count,
            GeneratedTokens = generated,
            PrefillRunTime = prefillRun,
            TimeToFirstToken = timeToFirstToken,
            DecodeRunTime = decodeRun,
            DecodeWallTime = decodeWall,
            DecodeSteps = decodeSteps,
        }));
    }

    private static void Step(DecoderModel decoder, KeyValueCache cache, ReadOnlySpan<int> tokens, OrtRunHandle run, LastRow choose, out TimeSpan timing, CancellationToken cancellationToken)
    {
        try
        {
            decoder.Forward(cache, tokens, run, out timing, choose);
        }
        catch (OrtException) when (cancellationToken.IsCancellationRequested)
        {
            // ONNX Runtime stopped the Run because the terminate flag was set.
            throw new OperationCanceledException(cancellationToken);
        }
    }
}

/// <summary>The prompt does not fit the model's context.</summary>
public sealed class PromptTooLongException : Exception
{
    public PromptTooLongException()
    {
    }

    public PromptTooLongException(string message)
        : base(message)
    {
    }

    public PromptTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PromptTooLongException(int promptTokens, int maxLength)
        : base($"The prompt has {promptTokens} tokens; the model's context holds {maxLength} in all.")
    {
    }
}
