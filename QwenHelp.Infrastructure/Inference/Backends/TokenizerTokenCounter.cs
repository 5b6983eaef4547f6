using Microsoft.ML.Tokenizers;
using QwenHelp.Domain.Text;

namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>Counts tokens with the model folder's own tokenizer (Microsoft.ML.Tokenizers over its tokenizer.json).</summary>
public sealed class TokenizerTokenCounter(Tokenizer tokenizer) : ITokenCounter
{
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.CountTokens(text);
}
