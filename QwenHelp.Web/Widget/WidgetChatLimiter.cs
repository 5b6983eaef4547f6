using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace QwenHelp.Web.Widget;

/// <summary>
/// The per-IP chat limit (<see cref="RateLimitOptions.ChatPerMinutePerClient"/>) for messages typed into
/// the widget. They travel over the widget's one Blazor circuit, which the HTTP rate limiter never sees
/// again after the connection is made, so 75 messages in 16 s from one IP were all answered.
/// </summary>
public sealed class WidgetChatLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public WidgetChatLimiter(IOptions<RateLimitOptions> options)
    {
        var permits = options.Value.ChatPerMinutePerClient;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => permits <= 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>The key a client is counted under: its IP address when known, else the widget's visitor.</summary>
    public static string ClientKey(IPAddress? address, string visitorId) => address is null ? "visitor:" + visitorId : "ip:" + address;

    /// <summary>Takes one message from the client's budget; false when it is spent for this minute.</summary>
    public bool TryAcquire(string clientKey)
    {
        using var lease = _limiter.AttemptAcquire(clientKey);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
