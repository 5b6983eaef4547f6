using QwenHelp.Infrastructure.Inference.Generation;
using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;

namespace QwenHelp.Tests.Support;

/// <summary>The tiny model loaded through the real ONNX Runtime, shared by a test class.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Model = QwenModel.Load(TinyModel.Folder, SharedOrt.Runtime, new OrtSessionSettings { IntraOpThreads = 1 });
        Generator = new TextGenerator(Model);
    }

    public QwenModel Model { get; }

    public TextGenerator Generator { get; }

    /// <summary>Greedy, no stop token (the random model may pick &lt;|im_end|&gt; any time): only the limits stop it.</summary>
    public static GenerationSettings Greedy(int maxNewTokens) => new()
    {
        MaxNewTokens = maxNewTokens,
        Temperature = 0,
        StopTokenIds = new HashSet<int> { -1 },
    };

    public async Task<(List<int> Tokens, string Text, GenerationUpdate Last)> RunAsync(string prompt, GenerationSettings settings, CancellationToken cancellationToken = default)
    {
        var tokens = new List<int>();
        var text = "";
        GenerationUpdate? last = null;
        await foreach (var update in Generator.GenerateAsync(Model.Tokenizer.Encode(prompt), settings, cancellationToken))
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
