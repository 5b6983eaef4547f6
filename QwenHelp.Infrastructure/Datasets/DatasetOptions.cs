using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Datasets;

/// <summary>The fine-tuning dataset export. Bound from <c>QwenHelp:Datasets</c>.</summary>
public sealed class DatasetOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Datasets";

    /// <summary>Where the scheduled export writes its files; a relative path is taken from the data folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Folder { get; set; } = "exports";

    [Range(0, 100)]
    public int KnowledgePercent { get; set; } = 60;

    [Range(0, 100)]
    public int DialoguePercent { get; set; } = 30;

    [Range(0, 100)]
    public int ExceptionPercent { get; set; } = 10;

    /// <summary>Most examples in one export.</summary>
    [Range(1, DatasetRequest.MaxExamplesLimit)]
    public int MaxExamples { get; set; } = 5000;

    /// <summary>Earlier messages given as context (<c>input</c>) of a dialogue or exception example.</summary>
    [Range(0, 20)]
    public int ContextMessages { get; set; } = 4;

    /// <summary>Cron (5 fields, or 6 with seconds first; UTC) of the export job on a fresh installation: Sundays at 04:00.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Cron { get; set; } = "0 0 4 ? * SUN";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (new Domain.Datasets.DatasetMix(KnowledgePercent, DialoguePercent, ExceptionPercent).Validate() is { } problem)
        {
            yield return new ValidationResult($"{Section}:KnowledgePercent/DialoguePercent/ExceptionPercent: {problem}", [nameof(KnowledgePercent)]);
        }
    }
}
