using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>Generation on ONNX Runtime GenAI with the tiny generated model: what QwenHelp adds around its Generator.</summary>
public class GenAiGeneratorTests(GenAiTinyModelFixture tiny) : IClassFixture<GenAiTinyModelFixture>
{
    private const string Prompt = "<|im_start|>user\n我的订单什么时候发货？ When will my order ship?<|im_end|>\n<|im_start|>assistant\n";

    [Theory]
    [InlineData("tiny", false)]
    [InlineData("tiny", true)]
    [InlineData("tiny-qwen2", false)]
    [InlineData("tiny-qwen2", true)]
    public async Task EveryTinyModelShapeLoadsAndGenerates(string shape, bool shareBuffer)
    {
        using var model = Infrastructure.Inference.GenAi.GenAiModel.Load(TinyModel.Get(shape, shareBuffer), intraOpThreads: 1);
        var generator = new Infrastructure.Inference.GenAi.GenAiTextGenerator(model);
        var tokens = 0;

        await foreach (var update in generator.GenerateAsync(model.Encode(Prompt), new GenerationSettings { MaxNewTokens = 6, Temperature = 0, StopTokenIds = new HashSet<int> { -1 } }))
        {
            tokens += update.TokenId is null ? 0 : 1;
        }

        Assert.InRange(tokens, 1, 6);
    }

    [Fact]
    public async Task GreedyDecodingGivesTheSameTokensEveryTime()
    {
        var first = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(12));
        var second = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(12));

        Assert.Equal(12, first.Tokens.Count);
        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task SamplingWithTheSameSeedRepeatsAndAnotherSeedDiffers()
    {
        GenerationSettings Sampled(int seed) => GenAiTinyModelFixture.Greedy(16) with { Temperature = 1.5f, TopK = 200, TopP = 0.95f, RepetitionPenalty = 1.1f, Seed = seed };

        var a = await tiny.RunAsync(Prompt, Sampled(7));
        var b = await tiny.RunAsync(Prompt, Sampled(7));
        var c = await tiny.RunAsync(Prompt, Sampled(8));

        Assert.Equal(a.Tokens, b.Tokens);
        Assert.NotEqual(a.Tokens, c.Tokens);
    }

    [Fact]
    public async Task StopTokenEndsTheGenerationBeforeIt()
    {
        var free = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(10));
        var stopAt = 4;
        var stopToken = free.Tokens[stopAt];
        var expected = free.Tokens.TakeWhile(t => t != stopToken).ToList();

        var stopped = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(10) with { StopTokenIds = new HashSet<int> { stopToken } });

        Assert.Equal(expected, stopped.Tokens);
        Assert.Equal(GenerationFinish.StopToken, stopped.Last.Finish);
    }

    [Fact]
    public async Task StopStringCutsTheOutputBeforeIt()
    {
        var free = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(16));
        var stop = free.Text.Substring(free.Text.Length / 2, 2);
        var expected = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(16) with { StopStrings = [stop] });

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(GenerationFinish.StopString, stopped.Last.Finish);
    }

    [Fact]
    public async Task MaxNewTokensIsHonored()
    {
        var result = await tiny.RunAsync(Prompt, GenAiTinyModelFixture.Greedy(3));

        Assert.Equal(3, result.Tokens.Count);
        Assert.Equal(GenerationFinish.MaxTokens, result.Last.Finish);
        Assert.Equal(3, result.Last.Stats!.GeneratedTokens);
        Assert.Equal(tiny.Model.Encode(Prompt).Length, result.Last.Stats.PromptTokens);
    }

    [Fact]
    public async Task CancellationStopsWithinOneStep()
    {
        using var cancellation = new CancellationTokenSource();
        var tokensAfterCancel = 0;
        var cancelled = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in tiny.Generator.GenerateAsync(tiny.Model.Encode(Prompt), GenAiTinyModelFixture.Greedy(500), cancellation.Token))
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

        // GenerateAsync returns only once the generator has stopped (it awaits it); nothing arrives after the cancel.
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
            await foreach (var _ in tiny.Generator.GenerateAsync(tiny.Model.Encode(Prompt), GenAiTinyModelFixture.Greedy(50), cancellation.Token))
            {
                updates++;
            }
        });

        Assert.Equal(0, updates);
    }

    [Fact]
    public async Task PromptLongerThanTheContextIsRefused()
    {
        var tooLong = Enumerable.Repeat(100, tiny.Model.MaxLength).ToArray();

        await Assert.ThrowsAsync<PromptTooLongException>(async () =>
        {
            await foreach (var _ in tiny.Generator.GenerateAsync(tooLong, GenAiTinyModelFixture.Greedy(5)))
            {
            }
        });
    }
}
