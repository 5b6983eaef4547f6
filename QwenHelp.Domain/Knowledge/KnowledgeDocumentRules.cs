namespace QwenHelp.Domain.Knowledge;

/// <summary>What a knowledge document must look like before it is saved (admin edits, uploads).</summary>
public static class KnowledgeDocumentRules
{
    public const int MaxTitleLength = 200;
    public const int MaxContentLength = 2_000_000;
    public const int MaxCategoryLength = 64;

    /// <summary>Returns the problems, keyed by field name; empty when the document is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(string? title, string? content, string? category, string? language)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(title))
        {
            errors["title"] = ["The title is required."];
        }
        else if (title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"The title is longer than {MaxTitleLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            errors["content"] = ["The document has no text."];
        }
        else if (content.Length > MaxContentLength)
        {
            errors["content"] = [$"The document is longer than {MaxContentLength:N0} characters."];
        }

        if (string.IsNullOrWhiteSpace(category) || category.Trim().Length > MaxCategoryLength)
        {
            errors["category"] = [$"The category is required and at most {MaxCategoryLength} characters."];
        }

        if (!Languages.IsSupported(language))
        {
            errors["language"] = [$"The language must be one of: {string.Join(", ", Languages.All)}."];
        }

        return errors;
    }
}
