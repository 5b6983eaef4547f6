using QwenHelp.Infrastructure.Inference.GenAi;
using QwenHelp.Infrastructure.Inference.Generation;

namespace QwenHelp.Tests.Support;

/// <summary>The tiny model loaded by ONNX Runtime GenAI, shared by a test class.</summary>
public sealed class GenAiTinyModelFixture : IDisposable
{
    public GenAiTinyModelFixture()
    {
        Model = GenAiModel.Load(TinyModel.Folder, intraOpThreads: 1);
        Generator = new GenAiTextGenerator(Model);
    }

    public GenAiModel Model { get; }

    public GenAiTextGenerator Generator { get; }

    /// <summary>Greedy; the model's stop tokens end it early when it picks one.</summary>
    public static GenerationSettings Greedy(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens, Temperature = 0 };

    public Task<(List<int> Tokens, string Text, GenerationUpdate Last)> RunAsync(string prompt, GenerationSettings settings, CancellationToken cancellationToken = default) =>
        RunAsync(Model.Encode(prompt), settings, cancellationToken);

    public async Task<(List<int> Tokens, string Text, GenerationUpdate Last)> RunAsync(int[] prompt, GenerationSettings settings, CancellationToken cancellationToken = default)
    {
        var tokens = new List<int>();
        var text = "";
        GenerationUpdate? last = null;
        await foreach (var update in Generator.GenerateAsync(prompt, settings, cancellationToken))
        {
            if (update.TokenId is { } id)
            {
                tokens.Add(id);
            }

            text += update.Text;
            last = update;
        }

        return (tokens, text, last!);
    }

    public void Dispose() => Model.Dispose();
}
