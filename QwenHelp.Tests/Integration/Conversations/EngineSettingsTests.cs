using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Guardrails;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Conversations;

public class EngineSettingsTests(EngineFactory factory) : IClassFixture<EngineFactory>
{
    private readonly EngineTestKit _kit = new(factory);

    [Fact]
    public async Task AnAdminsPromptLexiconAndHandoffTopicsTakeEffectOnTheNextTurnAndSurviveARestartOfTheService()
    {
        var service = factory.GetService<EngineSettingsService>();
        var defaults = await service.GetAsync();
        var errors = await service.SaveAsync(defaults with
        {
            SystemPromptEnglish = "You are Lumi, the cheerful helper of Lumen Mall.",
            Lexicon = [.. defaults.Lexicon, new LexiconEntry("frobnicate", LexiconAction.Block)],
            Handoff = defaults.Handoff with { SensitiveTopics = [.. defaults.Handoff.SensitiveTopics, "warranty fraud"] },
        });
        Assert.Empty(errors);
        factory.Model.Reset(_ => ScriptedChatClient.Say("Happy to help!"));

        var modelTurn = await _kit.SayAsync(null, "Could you recommend a present? (settings)");
        var blocked = await _kit.SayAsync(null, "please frobnicate my order");
        var sensitive = await _kit.SayAsync(null, "I suspect warranty fraud by a seller");

        Assert.StartsWith("You are Lumi", factory.Model.Calls[^1].System, StringComparison.Ordinal);
        Assert.Equal(AnswerMode.Model, modelTurn.Mode);
        Assert.Equal(AnswerMode.Refused, blocked.Mode);
        Assert.Equal(HandoffReasons.SensitiveTopic, sensitive.HandoffReason);
        using var fresh = new EngineSettingsService(factory.GetService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.QwenHelpDbContext>>(), TimeProvider.System);
        Assert.Equal("You are Lumi, the cheerful helper of Lumen Mall.", (await fresh.GetAsync()).SystemPromptEnglish);

        await service.ResetAsync();
        Assert.Equal(EngineSettings.Defaults.SystemPromptEnglish, (await service.GetAsync()).SystemPromptEnglish);
    }

    [Fact]
    public async Task InvalidSettingsAreRefusedWithTheirProblemsAndNothingChanges()
    {
        var service = factory.GetService<EngineSettingsService>();
        var before = await service.GetAsync();

        var errors = await service.SaveAsync(before with
        {
            SystemPromptChinese = "",
            Lexicon = [new LexiconEntry(new string('x', 100), LexiconAction.Mask)],
            Handoff = before.Handoff with { UnansweredTurns = 99 },
        });

        Assert.Equal(["handoff", "lexicon", "systemPromptChinese"], errors.Keys.Order());
        Assert.Same(before, await service.GetAsync());
    }
}
