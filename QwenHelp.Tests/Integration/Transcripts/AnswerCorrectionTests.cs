using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Transcripts;
using QwenHelp.Tests.Integration.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Transcripts;

public class AnswerCorrectionTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private AnswerCorrectionService Corrections => factory.GetService<AnswerCorrectionService>();

    private EngineTestKit Kit => new(factory);

    [Fact]
    public async Task ACorrectionSavedAsANewEntryIsWhatTheAssistantAnswersNext()
    {
        var first = await Kit.SayAsync(null, "Can I pay with seashells at the counter?");
        Assert.NotEqual(AnswerMode.Direct, first.Mode);

        var draft = await Corrections.DraftAsync(first.MessageId);
        Assert.Equal("Can I pay with seashells at the counter?", draft!.Question);
        var result = await Corrections.CorrectAsync(first.MessageId,
            new AnswerCorrection("No. We accept cards, Alipay and WeChat Pay, never seashells.", draft.Question, Category: "payments"), "editor");

        Assert.True(result.Succeeded);
        var again = await Kit.SayAsync(null, "Can I pay with seashells at the counter?");
        Assert.Equal(AnswerMode.Direct, again.Mode);
        Assert.Contains("never seashells", again.Answer, StringComparison.Ordinal);
        Assert.Equal(result.Entry!.Id, again.Citations.Single().SourceId);
        var audit = await factory.GetService<AuditTrail>().RecentAsync(10, AnswerCorrectionService.AuditAction);
        Assert.Contains(audit, e => e.Actor == "editor" && e.Target == $"faq:{result.Entry.Id}" && e.Details!.Contains(first.ConversationId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CorrectingACitedEntryUpdatesItsAnswerAndKeepsTheCustomersWording()
    {
        var asked = await Kit.SayAsync(null, "How do I reset my password?");
        Assert.Equal(AnswerMode.Direct, asked.Mode);
        var cited = asked.Citations.Single().SourceId;
        var draft = await Corrections.DraftAsync(asked.MessageId);
        Assert.Equal([cited], draft!.CitedEntries.Select(e => e.Id));

        var result = await Corrections.CorrectAsync(asked.MessageId,
            new AnswerCorrection("Use 'Forgot password' on the sign-in page; the link in the email works for 30 minutes.", "pw reset howto", UpdateFaqId: cited), "editor");

        Assert.True(result.Succeeded);
        var entry = await factory.GetService<FaqService>().FindAsync(cited);
        Assert.Contains("30 minutes", entry!.Answer, StringComparison.Ordinal);
        Assert.Contains("pw reset howto", entry.AlternateQuestions);
        var again = await Kit.SayAsync(null, "How do I reset my password?");
        Assert.Contains("30 minutes", again.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyCorrectionSavesNothing()
    {
        var asked = await Kit.SayAsync(null, "Do you repair antique gramophones?");
        var before = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries");

        var result = await Corrections.CorrectAsync(asked.MessageId, new AnswerCorrection("   ", "Do you repair antique gramophones?"), "editor");

        Assert.False(result.Succeeded);
        Assert.Contains("answer", result.Errors!.Keys);
        Assert.Equal(before, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries"));
    }

    [Fact]
    public async Task OnlyAnAssistantAnswerCanBeCorrected()
    {
        var asked = await Kit.SayAsync(null, "Where is the nearest store?");

        var result = await Corrections.CorrectAsync(asked.CustomerMessageId, new AnswerCorrection("In Shanghai.", "Where is the nearest store?"), "editor");

        Assert.False(result.Succeeded);
        Assert.Null(await Corrections.DraftAsync(asked.CustomerMessageId));
    }
}
