using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace QwenHelp.Infrastructure.ScaleOut;

/// <summary>
/// The one Redis connection of this instance. Connecting never fails the start-up and never blocks
/// a request: with Redis down the multiplexer keeps reconnecting in the background, and callers ask
/// <see cref="IsConnected"/> first and fall back to this instance's memory.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        _options = options.Value;
        _connection = new Lazy<Task<ConnectionMultiplexer>>(ConnectAsync);
    }

    public bool IsConfigured => _options.IsConfigured;

    /// <summary>Configured, connected by now, and the link is up.</summary>
    public bool IsConnected => IsConfigured && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully && _connection.Value.Result.IsConnected;

    /// <summary>Identifies this process in what it publishes, so that it can ignore its own echo.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    public string Key(string name) => $"{_options.Prefix}:{name}";

    /// <summary>The multiplexer (connected or still trying). Only when <see cref="IsConfigured"/>.</summary>
    public Task<ConnectionMultiplexer> GetAsync() =>
        IsConfigured ? _connection.Value : throw new InvalidOperationException("QwenHelp:Redis:ConnectionString is not set.");

    /// <summary>Waits until the link is up (checked on every reconnect, and every second as a backstop).</summary>
    public async Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await GetAsync();
        while (!multiplexer.IsConnected)
        {
            var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRestored(object? sender, ConnectionFailedEventArgs e) => restored.TrySetResult();
            multiplexer.ConnectionRestored += OnRestored;
            try
            {
                if (multiplexer.IsConnected)
                {
                    return;
                }

                await Task.WhenAny(restored.Task, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                multiplexer.ConnectionRestored -= OnRestored;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(_options.ConnectionString!);
        // Start even when Redis is down, and keep trying: an instance without Redis serves from its own memory.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 2000;
        configuration.ClientName ??= "qwenhelp";
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
