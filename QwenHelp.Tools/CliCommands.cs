using System.CommandLine;

namespace QwenHelp.Tools;

/// <summary>
/// The developer verbs (<c>dotnet run --project QwenHelp.Tools -- eval retrieval ...</c>): measurements
/// that host the app's services and print their results. System.CommandLine owns the verb tree, help and
/// dispatch; each verb still reads its own options (and <c>--QwenHelp:Section:Key=value</c> overrides,
/// which no fixed option list can declare) with <see cref="CliArguments"/>.
/// </summary>
public static class CliCommands
{
    /// <summary>Each verb (two words) and the command that runs it.</summary>
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

    /// <summary>Parses the arguments and runs the verb they name.</summary>
    /// <returns>The process exit code: 0 success, 1 failure, 2 bad arguments or input (System.CommandLine's own parse errors give 1).</returns>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var root = Build(output, errors);
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = errors }, cancellationToken);
    }

    private static RootCommand Build(TextWriter output, TextWriter errors)
    {
        var root = new RootCommand("QwenHelp developer tools: retrieval evaluation and benchmarks of the app's own code.");
        foreach (var verb in All)
        {
            var words = verb.Verb.Split(' ');
            Command parent = root;
            foreach (var group in words[..^1])
            {
                parent = parent.Subcommands.FirstOrDefault(c => c.Name == group) ?? Add(parent, new Command(group, $"The {group} verbs."));
            }

            var command = new Command(words[^1], verb.Summary) { TreatUnmatchedTokensAsErrors = false };
            command.SetAction((parseResult, cancellationToken) => verb.RunAsync([.. parseResult.UnmatchedTokens], output, errors, cancellationToken));
            parent.Subcommands.Add(command);
        }

        return root;
    }

    private static Command Add(Command parent, Command child)
    {
        parent.Subcommands.Add(child);
        return child;
    }
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
