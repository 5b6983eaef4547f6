namespace QwenHelp.Tests.Support;

/// <summary>The whole app with the embedders it ships with: MiniLM for English, the built-in one for Chinese.</summary>
public sealed class BundledEmbedderFactory : QwenHelpFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["QwenHelp:Embeddings:English"] = "Auto",
    };
}
