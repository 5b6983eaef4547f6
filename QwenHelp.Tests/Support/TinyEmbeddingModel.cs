using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace QwenHelp.Tests.Support;

/// <summary>
/// The tiny BERT-shaped sentence-embedding model that scripts/make_tiny_bert.py writes (random
/// weights, fixed seed, with the vectors numpy computes for a few texts in expected.json), made once
/// per version of the script into the git-ignored .tools/test-models/ and shared by the tests.
/// </summary>
public static class TinyEmbeddingModel
{
    private static readonly Lock Gate = new();
    private static string? _folder;

    public static string Folder
    {
        get
        {
            lock (Gate)
            {
                return _folder ??= Make();
            }
        }
    }

    /// <summary>The texts of expected.json with their token ids and the mean- and CLS-pooled unit vectors.</summary>
    public static IReadOnlyList<(string Text, int[] Ids, float[] Mean, float[] Cls)> Cases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return json.RootElement.GetProperty("cases").EnumerateArray().Select(c => (
            c.GetProperty("text").GetString()!,
            c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray(),
            c.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            c.GetProperty("cls").EnumerateArray().Select(v => v.GetSingle()).ToArray())).ToList();
    }

    /// <summary>A private copy that a test may damage.</summary>
    public static string CopyTo(string target)
    {
        foreach (var file in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        return target;
    }

    private static string Make()
    {
        var script = RepoPaths.Script("make_tiny_bert.py");
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(script)))[..12].ToLowerInvariant();
        var folder = Path.Combine(RepoPaths.Root, ".tools", "test-models", $"tiny-bert-{hash}");
        if (File.Exists(Path.Combine(folder, "expected.json")))
        {
            return folder;
        }

        // Written beside the target and moved into place: another test process never sees half a model.
        var temp = folder + ".tmp-" + Environment.ProcessId;
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { script, "--out", temp },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_tiny_bert.py failed ({process.ExitCode}): {errors.Result}");
        }

        try
        {
            Directory.Move(temp, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(temp, recursive: true);
        }

        return folder;
    }
}
