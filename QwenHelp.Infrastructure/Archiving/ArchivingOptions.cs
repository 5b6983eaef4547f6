using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>Where and how conversations are archived. Bound from <c>QwenHelp:Archiving</c>; the retention period itself is an admin setting (<see cref="RetentionSettingsService"/>).</summary>
public sealed class ArchivingOptions
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
}
