using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace QwenHelp.Infrastructure.Configuration;

/// <summary>
/// The settings saved from the admin portal: <c>portal-settings.json</c> in the data folder, an
/// ordinary JSON configuration file read after appsettings.json and before environment variables
/// and the command line (so what an operator sets there still wins, and the portal says so).
/// </summary>
public sealed class PortalSettingsFile(string path, JsonConfigurationSource source)
{
    public const string FileName = "portal-settings.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>The configuration source that reads the file (to tell its values from other sources').</summary>
    public JsonConfigurationSource Source { get; } = source;

    /// <summary>The saved keys and values (flattened, "Section:Key").</summary>
    public IReadOnlyDictionary<string, string?> Read()
    {
        if (!File.Exists(Path))
        {
            return new Dictionary<string, string?>();
        }

        return new ConfigurationBuilder().AddJsonFile(Path, optional: true, reloadOnChange: false).Build()
            .AsEnumerable().Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Replaces the file with these keys, atomically (a temporary file renamed over it), so that a
    /// crash or a full disk leaves the previous settings intact. No keys deletes the file.
    /// </summary>
    public void Write(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            File.Delete(Path);
            return;
        }

        var root = new JsonObject();
        foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }

            node[parts[^1]] = value;
        }

        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, root, Indented);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
