namespace QwenHelp.Domain.ApiAccess;

/// <summary>
/// A key an integrator's system uses for the OpenAI-compatible API. Only its SHA-256 hash is stored:
/// the key itself is shown once, when it is created.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the key, so that people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
