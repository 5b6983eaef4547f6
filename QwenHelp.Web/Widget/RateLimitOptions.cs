using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Web.Widget;

/// <summary>Request limits of the public API. Bound from <c>QwenHelp:RateLimits</c>; 0 turns a limit off.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "QwenHelp:RateLimits";

    /// <summary>Chat messages per minute from one client IP (the widget and /api/chat).</summary>
    [Range(0, 1_000_000)]
    public int ChatPerMinutePerClient { get; set; } = 60;

    /// <summary>Requests per minute with one API key (/v1/chat/completions).</summary>
    [Range(0, 1_000_000)]
    public int ApiPerMinutePerKey { get; set; } = 600;
}
