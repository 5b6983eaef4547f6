namespace QwenHelp.Tests.Support;

/// <summary>The whole app with the in-process engine serving the tiny model (QwenHelp:Model:Backend = onnx).</summary>
public class InferenceFactory : QwenHelpFactory
{
    protected virtual int MaxConcurrentGenerations => 2;

    protected virtual int QueueSize => 4;

    protected virtual string ModelFolder => TinyModel.Folder;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["QwenHelp:Model:Backend"] = "onnx",
        ["QwenHelp:Model:Path"] = ModelFolder,
        ["QwenHelp:Model:IntraOpThreads"] = "1",
        ["QwenHelp:Model:MaxConcurrentGenerations"] = MaxConcurrentGenerations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["QwenHelp:Model:QueueSize"] = QueueSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["QwenHelp:Model:Generation:MaxNewTokens"] = "24",
        // A loaded 2-core machine can be slow to the first token; these tests are about the model answering, not the fallback.
        ["QwenHelp:Conversation:FirstTokenTimeoutSeconds"] = "120",
    };
}
