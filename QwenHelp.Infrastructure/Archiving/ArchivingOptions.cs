using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>Where and how conversations are archived. Bound from <c>QwenHelp:Archiving</c>; the retention period itself is an admin setting (<see cref="RetentionSettingsService"/>).</summary>
public sealed class ArchivingOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Archiving";

    /// <summary>The archive folder; a relative path is taken from the data folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Folder { get; set; } = "archives";

    /// <summary>Conversations read from the database per query while a day file is written.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Conversations one pass of a run selects (a run makes as many passes as it needs); bounds the memory of a first run over a large backlog.</summary>
    [Range(1, 10_000_000)]
    public int MaxConversationsPerPass { get; set; } = 100_000;

    /// <summary>Cron (5 fields, or 6 with seconds first; UTC) of the archiving job on a fresh installation.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cron { get; set; } = "0 30 3 * * ?";

    /// <summary>
    /// Base64 of 32 bytes; when set, new archive files are encrypted with AES-GCM (docs/decisions/0165).
    /// Give it by environment variable (<c>QwenHelp__Archiving__EncryptionKey</c>), not in appsettings.json.
    /// Files written earlier (plain, or with this key) stay readable; files written with another key are not.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The parsed <see cref="EncryptionKey"/>, or null when archives are written plain.</summary>
    public ArchiveKey? Key => string.IsNullOrWhiteSpace(EncryptionKey) ? null : ArchiveKey.TryParse(EncryptionKey, out _);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(EncryptionKey) && ArchiveKey.TryParse(EncryptionKey, out var error) is null)
        {
            // The value itself is a secret: the message names the setting, never echoes it.
            yield return new ValidationResult($"{Section}:EncryptionKey {error}.", [nameof(EncryptionKey)]);
        }
    }
}
