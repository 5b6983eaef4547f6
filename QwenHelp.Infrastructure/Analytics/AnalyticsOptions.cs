using System.ComponentModel.DataAnnotations;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>How the analytics count. Bound from <c>QwenHelp:Analytics</c>.</summary>
public sealed class AnalyticsOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Analytics";

    /// <summary>The time zone whose calendar days the figures are counted by (IANA id, e.g. <c>Asia/Shanghai</c>).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>A model answer whose best passage had less retrieval confidence than this counts as a knowledge gap.</summary>
    [Range(0.0, 1.0)]
    public double LowConfidence { get; set; } = 0.5;

    /// <summary>How many top questions and knowledge gaps the dashboard lists.</summary>
    [Range(1, 500)]
    public int TopQuestions { get; set; } = 20;

    /// <summary>The longest date range one report covers, in days.</summary>
    [Range(1, 3660)]
    public int MaxDays { get; set; } = 366;

    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        ValidationResult? problem = null;
        try
        {
            FindTimeZone();
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            problem = new ValidationResult($"{Section}:TimeZone '{TimeZone}' is not a time zone this machine knows (use an IANA id such as Asia/Shanghai, or UTC).", [nameof(TimeZone)]);
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
