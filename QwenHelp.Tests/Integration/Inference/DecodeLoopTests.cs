using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>The decode loop on the tiny generated model through the real ONNX Runtime.</summary>
public class DecodeLoopTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private const string Prompt = "<|im_start|>user\n我的订单什么时候发货？ When will my order ship?<|im_end|>\n<|im_start|>assistant\n";

    [Theory]
    [InlineData("tiny", false)]
    [InlineData("tiny", true)]
    [InlineData("tiny-qwen2", false)]
    [InlineData("tiny-qwen2", true)]
    [InlineData("tiny-gqa-inputs", false)]
    public void CachedDecodingGivesTheLogitsOfRecomputingTheWholeSequence(string shape, bool shareBuffer)
    {
        using var model = QwenModel.Load(TinyModel.Get(shape, shareBuffer), SharedOrt.Runtime, new OrtSessionSettings { IntraOpThreads = 1 });
        Assert.Equal(shareBuffer, model.Decoder.ShareBuffer);
        var tokens = model.Tokenizer.Encode(Prompt + "Your order ships tomorrow, 明天发货。").ToArray();
        var vocab = model.Decoder.VocabularySize;
        const int prefill = 8;

        using var fullCache = model.Decoder.CreateCache();
        var full = model.Decoder.Forward(fullCache, tokens, lastOnly: false, null, out _);

        using var cache = model.Decoder.CreateCache();
        var rows = new List<float[]> { model.Decoder.Forward(cache, tokens.AsSpan(0, prefill), lastOnly: true, null, out _) };
        for (var i = prefill; i < tokens.Length; i++)
        {
            rows.Add(model.Decoder.Forward(cache, tokens.AsSpan(i, 1), lastOnly: true, null, out _));
        }

        Assert.Equal(tokens.Length, cache.Length);
        var worst = 0f;
        for (var r = 0; r < rows.Count; r++)
        {
            var position = prefill - 1 + r;
            var expected = full.AsSpan(position * vocab, vocab);
            for (var v = 0; v < vocab; v++)
            {
                worst = Math.Max(worst, Math.Abs(expected[v] - rows[r][v]));
            }

            Assert.Equal(Sampler.ArgMax(expected), Sampler.ArgMax(rows[r]));
        }

        Assert.True(worst < 1e-3f, $"cached and recomputed logits differ by up to {worst}");
    }

    [Fact]
    public async Task GreedyDecodingGivesTheSameTokensEveryTime()
    {
        var first = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(12));
        var second = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(12));

        Assert.Equal(12, first.Tokens.Count);
        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task SamplingWithTheSameSeedRepeatsAndAnotherSeedDiffers()
    {
        GenerationSettings Sampled(int seed) => TinyModelFixture.Greedy(16) with { Temperature = 1.5f, TopK = 200, TopP = 0.95f, RepetitionPenalty = 1.1f, Seed = seed };

        var a = await tiny.RunAsync(Prompt, Sampled(7));
        var b = await tiny.RunAsync(Prompt, Sampled(7));
        var c = await tiny.RunAsync(Prompt, Sampled(8));

        Assert.Equal(a.Tokens, b.Tokens);
        Assert.NotEqual(a.Tokens, c.Tokens);
    }

    [Fact]
    public async Task StopTokenEndsTheGenerationBeforeIt()
    {
        var free = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(10));
        var stopAt = 4;
        var stopToken = free.Tokens[stopAt];
        var expected = free.Tokens.TakeWhile(t => t != stopToken).ToList();

        var stopped = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(10) with { StopTokenIds = new HashSet<int> { stopToken } });

        Assert.Equal(expected, stopped.Tokens);
        Assert.Equal(GenerationFinish.StopToken, stopped.Last.Finish);
    }

    [Fact]
    public async Task StopStringCutsTheOutputBeforeIt()
    {
        var free = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(16));
        var stop = free.Text.Substring(free.Text.Length / 2, 2);
        var expected = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(16) with { StopStrings = [stop] });

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(GenerationFinish.StopString, stopped.Last.Finish);
    }

    [Fact]
    public async Task MaxNewTokensIsHonored()
    {
        var result = await tiny.RunAsync(Prompt, TinyModelFixture.Greedy(3));

        Assert.Equal(3, result.Tokens.Count);
        Assert.Equal(GenerationFinish.MaxTokens, result.Last.Finish);
        Assert.Equal(3, result.Last.Stats!.GeneratedTokens);
        Assert.Equal(tiny.Model.Tokenizer.Encode(Prompt).Count, result.Last.Stats.PromptTokens);
    }

    [Fact]
    public async Task CancellationStopsWithinOneStep()
    {
        using var cancellation = new CancellationTokenSource();
        var tokensAfterCancel = 0;
        var cancelled = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in tiny.Generator.GenerateAsync(tiny.Model.Tokenizer.Encode(Prompt), TinyModelFixture.Greedy(500), cancellation.Token))
            {
                if (cancelled)
                {
                    tokensAfterCancel++;
                }
                else
                {
                    cancellation.Cancel();
                    cancelled = true;
                }
            }
        });

        // GenerateAsync returns only once the loop has stopped (it awaits it); nothing arrives after the cancel.
        Assert.Equal(0, tokensAfterCancel);
    }

    [Fact]
    public async Task CancellationBeforeTheStartGeneratesNothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var updates = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in tiny.Generator.GenerateAsync(tiny.Model.Tokenizer.Encode(Prompt), TinyModelFixture.Greedy(50), cancellation.Token))
            {
                updates++;
            }
        });

        Assert.Equal(0, updates);
    }

    [Fact]
    public async Task PromptLongerThanTheContextIsRefused()
    {
        var tooLong = Enumerable.Repeat(100, tiny.Model.Decoder.MaxLength).ToArray();

        await Assert.ThrowsAsync<PromptTooLongException>(async () =>
        {
            await foreach (var _ in tiny.Generator.GenerateAsync(tooLong, TinyModelFixture.Greedy(5)))
            {
            }
        });
    }
}
