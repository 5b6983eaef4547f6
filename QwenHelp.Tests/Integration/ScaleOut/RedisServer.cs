using System.Diagnostics;
using System.Net.Sockets;

namespace QwenHelp.Tests.Integration.ScaleOut;

/// <summary>
/// A real redis-server (Debian's) on a private port, with nothing saved to disk, that a test can
/// stop and start again to see what the instances do without it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const int Port = 56379;

    private Process? _process;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts it unless it runs already (a test's cleanup may start it again after the test did).</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var start = new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
                return;
            }
            catch (SocketException) when (!_process.HasExited)
            {
                // Not listening yet: redis-server has no readiness signal but its port.
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public Task DisposeAsync() => StopAsync();
}

/// <summary>The tests that use the one private Redis port run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerGroup : ICollectionFixture<RedisServer>
{
    public const string Name = "redis-server";
}
