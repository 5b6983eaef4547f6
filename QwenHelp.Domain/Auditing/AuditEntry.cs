namespace QwenHelp.Domain.Auditing;

/// <summary>One change a member of staff made: who, what, when. Never edited or deleted by the app.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The staff user name, or <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What was done, e.g. <c>faq.update</c>, <c>site.create</c>, <c>apikey.revoke</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, e.g. <c>faq:42</c>.</summary>
    public required string Target { get; set; }

    /// <summary>A short human-readable description (old → new values where it matters).</summary>
    public string? Details { get; set; }
}
