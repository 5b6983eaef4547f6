namespace QwenHelp.Infrastructure.Seeding;

/// <summary>Bound from <c>QwenHelp:Seeding</c>.</summary>
public sealed class SeedingOptions
{
    public const string Section = "QwenHelp:Seeding";

    /// <summary>Load the demo shop's FAQ and policy documents into an empty database on first start.</summary>
    public bool DemoData { get; set; } = true;
}
