namespace QwenHelp.Domain.Knowledge;

/// <summary>What an FAQ entry must look like before it is saved (admin edits, imports, the API).</summary>
public static class FaqEntryRules
{
    public const int MaxQuestionLength = 500;
    public const int MaxAnswerLength = 8000;
    public const int MaxAlternates = 30;
    public const int MaxCategoryLength = 64;

    /// <summary>Returns the problems, keyed by field name; empty when the entry is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(FaqEntryInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Question))
        {
            errors["question"] = ["The question is required."];
        }
        else if (input.Question.Trim().Length > MaxQuestionLength)
        {
            errors["question"] = [$"The question is longer than {MaxQuestionLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(input.Answer))
        {
            errors["answer"] = ["The answer is required."];
        }
        else if (input.Answer.Trim().Length > MaxAnswerLength)
        {
            errors["answer"] = [$"The answer is longer than {MaxAnswerLength} characters."];
        }

        if (!Languages.IsSupported(input.Language))
        {
            errors["language"] = [$"The language must be one of: {string.Join(", ", Languages.All)}."];
        }

        if (string.IsNullOrWhiteSpace(input.Category) || input.Category.Trim().Length > MaxCategoryLength)
        {
            errors["category"] = [$"The category is required and at most {MaxCategoryLength} characters."];
        }

        var alternates = input.AlternateQuestions ?? [];
        if (alternates.Count > MaxAlternates)
        {
            errors["alternateQuestions"] = [$"At most {MaxAlternates} alternate phrasings."];
        }
        else if (alternates.Any(a => a.Trim().Length > MaxQuestionLength))
        {
            errors["alternateQuestions"] = [$"Each alternate phrasing is at most {MaxQuestionLength} characters."];
        }

        return errors;
    }
}

/// <summary>The editable fields of an FAQ entry, as an admin or an import gives them.</summary>
public sealed record FaqEntryInput(
    string Question,
    string Answer,
    IReadOnlyList<string>? AlternateQuestions,
    string Category,
    string Language,
    bool Enabled = true,
    string? Key = null)
{
    /// <summary>The input with surrounding whitespace removed and blank alternates dropped.</summary>
    public FaqEntryInput Normalized() => this with
    {
        Question = Question.Trim(),
        Answer = Answer.Trim(),
        Category = Category.Trim().ToLowerInvariant(),
        AlternateQuestions = (AlternateQuestions ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct().ToList(),
        Key = string.IsNullOrWhiteSpace(Key) ? null : Key.Trim(),
    };
}
