using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Web.Components.Pages.Admin;

/// <summary>The FAQ editor's form state; alternate phrasings are edited as one line each.</summary>
public sealed class FaqEditModel
{
    public int? Id { get; set; }

    public string Question { get; set; } = "";

    public string Answer { get; set; } = "";

    public string Alternates { get; set; } = "";

    public string Category { get; set; } = "general";

    public string Language { get; set; } = Languages.English;

    public bool Enabled { get; set; } = true;

    public string? Key { get; set; }

    public static FaqEditModel From(FaqEntry entry) => new()
    {
        Id = entry.Id,
        Question = entry.Question,
        Answer = entry.Answer,
        Alternates = string.Join('\n', entry.AlternateQuestions),
        Category = entry.Category,
        Language = entry.Language,
        Enabled = entry.Enabled,
        Key = entry.Key,
    };

    public FaqEntryInput ToInput() => new(
        Question,
        Answer,
        Alternates.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Category,
        Language,
        Enabled,
        Key);
}
