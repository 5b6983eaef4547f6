using QwenHelp.Domain.Guardrails;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Prompting;

namespace QwenHelp.Domain.Conversations;

/// <summary>What an admin may change about the assistant: its system prompts, the word filter and the handoff rules.</summary>
public sealed record EngineSettings
{
    public const int MaxLexiconEntries = 5000;
    public const int MaxTermLength = 64;
    public const int MaxPhraseLists = 500;

    public string SystemPromptEnglish { get; init; } = SystemPrompts.DefaultEnglish;

    public string SystemPromptChinese { get; init; } = SystemPrompts.DefaultChinese;

    public IReadOnlyList<LexiconEntry> Lexicon { get; init; } =
    [
        new("fuck", LexiconAction.Mask), new("shit", LexiconAction.Mask), new("bitch", LexiconAction.Mask), new("asshole", LexiconAction.Mask),
        new("傻逼", LexiconAction.Mask), new("他妈的", LexiconAction.Mask), new("操你", LexiconAction.Mask), new("王八蛋", LexiconAction.Mask),
        new("kill you", LexiconAction.Block), new("杀了你", LexiconAction.Block), new("炸弹", LexiconAction.Block), new("bomb threat", LexiconAction.Block),
    ];

    public HandoffRules Handoff { get; init; } = new();

    public static EngineSettings Defaults { get; } = new();

    public string SystemPrompt(string language) => language == Languages.Chinese ? SystemPromptChinese : SystemPromptEnglish;

    /// <summary>Returns the problems, keyed by setting; empty when the settings can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        foreach (var (key, prompt) in new[] { ("systemPromptEnglish", SystemPromptEnglish), ("systemPromptChinese", SystemPromptChinese) })
        {
            if (string.IsNullOrWhiteSpace(prompt) || prompt.Length > SystemPrompts.MaxLength)
            {
                errors[key] = $"The system prompt is required and at most {SystemPrompts.MaxLength} characters.";
            }
        }

        if (Lexicon.Count > MaxLexiconEntries || Lexicon.Any(e => string.IsNullOrWhiteSpace(e.Term) || e.Term.Trim().Length > MaxTermLength || !Enum.IsDefined(e.Action)))
        {
            errors["lexicon"] = $"At most {MaxLexiconEntries} terms, each 1 to {MaxTermLength} characters with the action mask or block.";
        }

        var lists = new[] { Handoff.ExplicitPhrases, Handoff.NegatingPhrases, Handoff.NotRequests, Handoff.SensitiveTopics, (IReadOnlyList<string>)Handoff.NegativeTerms.Keys.ToList() };
        if (lists.Any(l => l.Count > MaxPhraseLists || l.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > MaxTermLength)))
        {
            errors["handoff"] = $"Each handoff phrase list holds at most {MaxPhraseLists} phrases of 1 to {MaxTermLength} characters.";
        }
        else if (Handoff.UnansweredTurns is < 0 or > 20 || Handoff.SentimentThreshold is < 0 or > 100 || Handoff.NegativeTerms.Values.Any(w => w is <= 0 or > 10))
        {
            errors["handoff"] = "Unanswered turns must be 0 to 20, the sentiment threshold 0 to 100, and each term weight above 0 and at most 10.";
        }

        return errors;
    }
}
