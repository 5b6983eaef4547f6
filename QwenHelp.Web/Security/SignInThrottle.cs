using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace QwenHelp.Web.Security;

/// <summary>
/// Counts failed staff sign-ins per IP address and per user name (known or not: the count must not
/// tell which names exist) in a fixed window, in memory. Instances behind a proxy each count their own
/// share, which only makes the limits looser by the number of instances.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _failures = new(StringComparer.Ordinal);

    public bool IsIpBlocked(string ip) => Count("ip:" + ip) >= options.Value.FailuresPerIp;

    public bool IsAccountBlocked(string userName) => Count("user:" + Key(userName)) >= options.Value.FailuresPerAccount;

    public void RecordFailure(string ip, string userName)
    {
        Add("ip:" + ip);
        Add("user:" + Key(userName));
        if (_failures.Count > 100_000)
        {
            Sweep();
        }
    }

    /// <summary>A successful sign-in clears its address's count (an admin's typos do not pile up over a day).</summary>
    public void RecordSuccess(string ip) => _failures.TryRemove("ip:" + ip, out _);

    private static string Key(string userName) => userName.Trim().ToUpperInvariant();

    private int Count(string key) =>
        _failures.TryGetValue(key, out var window) && window.Until > clock.GetUtcNow() ? window.Count : 0;

    private void Add(string key)
    {
        var now = clock.GetUtcNow();
        var length = TimeSpan.FromMinutes(options.Value.WindowMinutes);
        _failures.AddOrUpdate(key, _ => new Window(1, now + length), (_, old) => old.Until > now ? old with { Count = old.Count + 1 } : new Window(1, now + length));
    }

    /// <summary>Drops spent windows, so a flood of made-up names cannot grow the table without end.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, window) in _failures)
        {
            if (window.Until <= now)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(int Count, DateTimeOffset Until);
}
