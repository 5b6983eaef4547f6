namespace QwenHelp.Web.Cli;

/// <summary>
/// The app's command-line verbs (<c>dotnet run --project QwenHelp.Web -- eval retrieval ...</c>):
/// measurements and maintenance that run instead of the web server and print their results.
/// </summary>
public static class CliCommands
{
    /// <summary>Each verb (one or two words) and the command that runs it.</summary>
    private static readonly IReadOnlyList<ICliCommand> All =
    [
        // Commands register here, one line each.
        new ChatEngineBenchmark(),
        new EvalRetrievalCommand(),
        new BenchRetrievalCommand(),
        new BenchGenerateCommand(),
        new BenchChatCommand(),
        new BenchReembedCommand(),
        new BenchArchiveCommand(),
    ];

    /// <summary>True when the arguments start with a known verb.</summary>
    public static bool TryFind(string[] args, out ICliCommand? command, out string[] rest)
    {
        foreach (var candidate in All.OrderByDescending(c => c.Verb.Split(' ').Length))
        {
            var words = candidate.Verb.Split(' ');
            if (args.Length >= words.Length && words.SequenceEqual(args.Take(words.Length), StringComparer.OrdinalIgnoreCase))
            {
                command = candidate;
                rest = args[words.Length..];
                return true;
            }
        }

        command = null;
        rest = args;
        return false;
    }

    public static string Usage() => "Commands:\n" + string.Join('\n', All.Select(c => $"  {c.Verb,-20} {c.Summary}"));
}

/// <summary>One command-line verb.</summary>
public interface ICliCommand
{
    /// <summary>E.g. <c>eval retrieval</c>.</summary>
    string Verb { get; }

    string Summary { get; }

    /// <returns>The process exit code: 0 success, 1 failure, 2 bad arguments or input.</returns>
    Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken);
}
