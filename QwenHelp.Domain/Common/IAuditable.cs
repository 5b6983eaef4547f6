namespace QwenHelp.Domain.Common;

/// <summary>An entity whose creation and last-change times are stamped on save, never by hand.</summary>
public interface IAuditable
{
    DateTimeOffset CreatedAt { get; set; }

    DateTimeOffset UpdatedAt { get; set; }
}
