using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Inference.Tokenization;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>Counts tokens with the loaded model's own tokenizer.</summary>
public sealed class TokenizerTokenCounter(BpeTokenizer tokenizer) : ITokenCounter
{
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.CountTokens(text);
}
