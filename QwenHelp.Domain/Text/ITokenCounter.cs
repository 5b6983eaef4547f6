namespace QwenHelp.Domain.Text;

/// <summary>
/// Counts tokens the way the loaded model does (its tokenizer), or estimates them when no model is
/// loaded. The context budget is measured with it.
/// </summary>
public interface ITokenCounter
{
    int CountTokens(string text);
}
