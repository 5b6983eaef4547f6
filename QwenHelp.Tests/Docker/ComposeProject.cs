using System.Diagnostics;
using System.Net;

namespace QwenHelp.Tests.Docker;

/// <summary>
/// One docker-compose project of the repository's docker/ files, under its own project name and
/// host ports, taken down with its volumes when the test ends.
/// </summary>
public sealed class ComposeProject(string file, string project, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    /// <summary>The image scripts/docker-smoke.sh built (empty: Docker tests are skipped).</summary>
    public static string? Image => Environment.GetEnvironmentVariable("QWENHELP_DOCKER_IMAGE");

    /// <summary>docker-compose 1.29 (Debian) unless QWENHELP_COMPOSE names another, e.g. "docker compose".</summary>
    private static string Compose => Environment.GetEnvironmentVariable("QWENHELP_COMPOSE") ?? "docker-compose";

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QwenHelp.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("The repository root (QwenHelp.sln) was not found.");
        }
    }

    public Task UpAsync() => RunAsync("up -d");

    public Task RunAsync(string arguments) => ExecAsync(Compose, $"-p {project} -f {Path.Combine(RepositoryRoot, file)} {arguments}");

    /// <summary>Waits until /health/ready answers 200 (the image's health check uses the same URL).</summary>
    public static async Task WaitReadyAsync(HttpClient client, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string last = "no answer";
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            // Polling a container that is starting: there is no event to await from outside it.
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        throw new TimeoutException($"{client.BaseAddress} was not ready within {within}: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("down -v --remove-orphans");
        }
        catch (InvalidOperationException)
        {
            // Nothing left to take down.
        }
    }

    private async Task ExecAsync(string command, string arguments)
    {
        var parts = command.Split(' ', 2);
        var start = new ProcessStartInfo(parts[0], parts.Length > 1 ? parts[1] + " " + arguments : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["QWENHELP_IMAGE"] = Image;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
