namespace QwenHelp.Tools;

/// <summary>
/// Options of a CLI verb: <c>--name value</c>, <c>--name=value</c> and bare <c>--flag</c>s, plus
/// configuration overrides in the app's own form (<c>--QwenHelp:Section:Key=value</c>), which are
/// passed to the engine the command builds.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments()
    {
    }

    /// <summary>Configuration overrides given as <c>--QwenHelp:…=value</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="flags">Options that take no value.</param>
    /// <param name="error">What is wrong with the arguments, or null.</param>
    public static CliArguments Parse(string[] args, IReadOnlySet<string> known, IReadOnlySet<string> flags, out string? error)
    {
        var parsed = new CliArguments();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Unexpected argument '{arg}'.";
                return parsed;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (name.Contains(':', StringComparison.Ordinal))
            {
                if (value is null && i + 1 < args.Length)
                {
                    value = args[++i];
                }

                parsed.Settings[name] = value;
                continue;
            }

            if (!known.Contains(name) && !flags.Contains(name))
            {
                error = $"Unknown option '--{name}'.";
                return parsed;
            }

            if (flags.Contains(name))
            {
                parsed._options[name] = value ?? "true";
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"'--{name}' needs a value.";
                    return parsed;
                }

                value = args[++i];
            }

            parsed._options[name] = value;
        }

        return parsed;
    }

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>
    /// A file path as the operator meant it: <c>dotnet run --project QwenHelp.Web</c> runs the app in
    /// the project folder, so a relative path is also tried from the shell's folder (<c>$PWD</c>).
    /// </summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        var shell = Environment.GetEnvironmentVariable("PWD");
        var fromShell = string.IsNullOrEmpty(shell) ? null : Path.Combine(shell, path);
        return fromShell is not null && File.Exists(fromShell) ? fromShell : path;
    }
}
