using System.Diagnostics;
using System.Security.Cryptography;

namespace QwenHelp.Tests.Support;

/// <summary>
/// The tiny Qwen-shaped model that scripts/make_tiny_qwen.py writes (random weights, fixed seed),
/// generated once per version of the script into the git-ignored .tools/test-models/ and shared by
/// the tests. Copy it (see <see cref="CopyTo"/>) before breaking it.
/// </summary>
public static class TinyModel
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, string> Made = [];

    /// <summary>The default tiny model (Qwen3 style: q/k norm, RotaryEmbedding from position_ids).</summary>
    public static string Folder => Get("tiny");

    /// <summary>The folder of the model of <paramref name="shape"/> (tiny or tiny-qwen2), made on first use.</summary>
    public static string Get(string shape, bool shareBuffer = false)
    {
        var key = shape + (shareBuffer ? "-shared" : "");
        lock (Gate)
        {
            if (Made.TryGetValue(key, out var made))
            {
                return made;
            }

            var script = RepoPaths.Script("make_tiny_qwen.py");
            var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(script)))[..12].ToLowerInvariant();
            var folder = Path.Combine(RepoPaths.Root, ".tools", "test-models", $"{key}-{hash}");
            if (!File.Exists(Path.Combine(folder, "genai_config.json")))
            {
                Generate(script, shape, shareBuffer, folder);
                // Models made by older versions of the script are of no further use.
                foreach (var stale in Directory.GetDirectories(Path.GetDirectoryName(folder)!, $"{key}-*").Where(d => d != folder && Path.GetFileName(d)[(key.Length + 1)..].All(char.IsAsciiHexDigitLower)))
                {
                    Directory.Delete(stale, recursive: true);
                }
            }

            Made[key] = folder;
            return folder;
        }
    }

    /// <summary>A private copy of the tiny model that a test may damage.</summary>
    public static string CopyTo(string target, string? shape = null)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(shape is null ? Folder : Get(shape)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        return target;
    }

    private static void Generate(string script, string shape, bool shareBuffer, string folder)
    {
        // Write beside the target and move into place, so another test process never sees half a model.
        var temp = folder + ".tmp-" + Environment.ProcessId;
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { script, "--out", temp, "--shape", shape, "--tokenizer-dir", RepoPaths.Qwen3TokenizerFolder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (shareBuffer)
        {
            start.ArgumentList.Add("--share-buffer");
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_tiny_qwen.py failed ({process.ExitCode}): {stderr.Result}");
        }

        try
        {
            Directory.Move(temp, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
