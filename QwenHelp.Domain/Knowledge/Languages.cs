namespace QwenHelp.Domain.Knowledge;

/// <summary>The languages QwenHelp serves, as BCP-47 primary subtags.</summary>
public static class Languages
{
    public const string Chinese = "zh";
    public const string English = "en";

    public static IReadOnlyList<string> All { get; } = [Chinese, English];

    public static bool IsSupported(string? language) => language is Chinese or English;
}
