using QwenHelp.Domain.Guardrails;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Conversations;

/// <summary>
/// <see cref="EngineSettings"/> compiled for use: the lexicon automaton, the handoff policy and the
/// system-prompt fingerprints. Built once per settings change and shared by every turn.
/// </summary>
public sealed class EngineRules
{
    private readonly PromptFingerprint _englishPrompt;
    private readonly PromptFingerprint _chinesePrompt;

    public EngineRules(EngineSettings settings)
    {
        Settings = settings;
        Lexicon = new LexiconFilter(settings.Lexicon);
        Handoff = new HandoffPolicy(settings.Handoff);
        _englishPrompt = new PromptFingerprint(settings.SystemPromptEnglish);
        _chinesePrompt = new PromptFingerprint(settings.SystemPromptChinese);
    }

    public EngineSettings Settings { get; }

    public LexiconFilter Lexicon { get; }

    public HandoffPolicy Handoff { get; }

    public PromptFingerprint PromptFingerprint(string language) => language == Languages.Chinese ? _chinesePrompt : _englishPrompt;
}
