namespace QwenHelp.Tools;

/// <summary>
/// The entry point. Not top-level statements: those make a public <c>Program</c> class, which would clash in
/// the tests with the app's own <c>Program</c> (the one WebApplicationFactory starts).
/// </summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Ctrl+C stops the measurement cleanly (temporary databases and servers are removed) instead of killing the process.
            e.Cancel = true;
            cancellation.Cancel();
        };

        return await CliCommands.InvokeAsync(args, Console.Out, Console.Error, cancellation.Token);
    }
}
