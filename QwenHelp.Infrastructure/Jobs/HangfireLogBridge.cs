using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider, and its classes keep their loggers in static
/// fields. Bound straight to a host's <see cref="ILoggerFactory"/> (what <c>AddHangfire</c> does), every
/// Hangfire log line after that host is disposed throws <see cref="ObjectDisposedException"/>, in any
/// other host of the process (the tests start many). This provider looks the factory up at each line:
/// the latest host's, and nothing once it is gone.
/// </summary>
public sealed class HangfireLogBridge : ILogProvider
{
    private static volatile ILoggerFactory? _current;

    public static HangfireLogBridge Instance { get; } = new();

    /// <summary>Sends Hangfire's log lines to this host's logging from now on.</summary>
    public static ILogProvider Attach(ILoggerFactory factory)
    {
        _current = factory;
        return Instance;
    }

    public ILog GetLogger(string name) => new ForwardingLog(name);

    private sealed class ForwardingLog(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (_current is not { } factory)
            {
                return false;
            }

            try
            {
                var logger = factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => LogLevel.Trace,
                    HangfireLevel.Debug => LogLevel.Debug,
                    HangfireLevel.Info => LogLevel.Information,
                    HangfireLevel.Warn => LogLevel.Warning,
                    HangfireLevel.Error => LogLevel.Error,
                    _ => LogLevel.Critical,
                };
                if (!logger.IsEnabled(level))
                {
                    return false;
                }

                if (messageFunc is null)
                {
                    return true;
                }

                // Hangfire hands over finished text: it is the state, written as it is.
                logger.Log(level, default, messageFunc(), exception, static (text, _) => text);
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host whose logging this was has been disposed.
                return false;
            }
        }
    }
}
