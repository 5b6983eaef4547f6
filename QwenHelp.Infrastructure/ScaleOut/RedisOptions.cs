using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.ScaleOut;

/// <summary>
/// Redis, shared by the instances of a scaled-out deployment: live conversation events, the answer
/// cache's second level, rate-limit counters. Bound from <c>QwenHelp:Redis</c>; no connection
/// string means one instance on its own memory.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "QwenHelp:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379</c>. Empty: no Redis.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key and channel, so that several deployments can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9:_-]{1,64}$", ErrorMessage = "QwenHelp:Redis:Prefix takes 1-64 letters, digits, ':', '_' or '-'.")]
    public string Prefix { get; set; } = "qwenhelp";

    /// <summary>Events published while Redis is away wait in memory, at most this many (the oldest go first).</summary>
    [Range(1, 1_000_000)]
    public int OutboxCapacity { get; set; } = 10_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
