namespace QwenHelp.Infrastructure.Seeding;

/// <summary>Reads the simple <c>key: value</c> header between <c>---</c> lines at the top of a Markdown file.</summary>
public static class FrontMatter
{
    public static (IReadOnlyDictionary<string, string> Header, string Body) Split(string text)
    {
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return (header, text);
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---")
            {
                return (header, string.Join('\n', lines[(i + 1)..]).Trim());
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                header[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
            }
        }

        return (new Dictionary<string, string>(), text);
    }
}
