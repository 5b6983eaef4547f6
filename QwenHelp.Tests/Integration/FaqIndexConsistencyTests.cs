using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

/// <summary>Every FAQ edit is searchable (or gone) the moment it is saved.</summary>
public class FaqIndexConsistencyTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private FaqService Faq => factory.GetService<FaqService>();

    private IFaqSearch Search => factory.GetService<IFaqSearch>();

    private Task<IReadOnlyList<FaqMatch>> FindAsync(string query) => Search.SearchAsync(query, "en", 5, CancellationToken.None);

    [Fact]
    public async Task ANewEntryIsFoundImmediately()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Do you sell gift wrapping?", "Yes, for ¥5 per item.", ["wrap a present"], "orders", "en"));

        var matches = await FindAsync("gift wrapping");

        Assert.Equal(saved.Entry!.Id, matches[0].FaqId);
    }

    [Fact]
    public async Task AnEditedQuestionIsFoundByItsNewWordsOnly()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Can I pay with seashells?", "No.", [], "payments", "en"));

        await Faq.UpdateAsync(saved.Entry!.Id, new FaqEntryInput("Can I pay with cryptocurrency?", "Not yet.", [], "payments", "en"));

        Assert.DoesNotContain(await FindAsync("seashells"), m => m.FaqId == saved.Entry.Id);
        Assert.Equal(saved.Entry.Id, (await FindAsync("cryptocurrency"))[0].FaqId);
    }

    [Fact]
    public async Task ADeletedEntryIsNeverFoundAgain()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Do you deliver to Antarctica?", "No.", [], "shipping", "en"));

        Assert.True(await Faq.DeleteAsync(saved.Entry!.Id));

        Assert.DoesNotContain(await FindAsync("Antarctica"), m => m.FaqId == saved.Entry.Id);
        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM faq_fts WHERE rowid = {saved.Entry.Id}"));
    }

    [Fact]
    public async Task ADisabledEntryIsNotAnswered()
    {
        var saved = await Faq.CreateAsync(new FaqEntryInput("Do you have a flagship store in Lhasa?", "Yes.", [], "orders", "en", Enabled: false));

        Assert.DoesNotContain(await FindAsync("flagship store Lhasa"), m => m.FaqId == saved.Entry!.Id);
    }

    [Fact]
    public async Task AnInvalidEntryIsRefusedAndNothingIsStored()
    {
        var before = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries");

        var result = await Faq.CreateAsync(new FaqEntryInput("", "answer", [], "orders", "xx"));

        Assert.False(result.Succeeded);
        Assert.Contains("question", result.Errors!.Keys);
        Assert.Equal(before, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries"));
    }

    [Fact]
    public void TheSeededDemoDataIsIndexedOnFirstStart()
    {
        var entries = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries");

        Assert.True(entries >= 60);
        Assert.Equal(entries, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_fts"));
        Assert.True(SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM knowledge_documents") >= 4);
        Assert.Equal(
            SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM knowledge_chunks"),
            SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM chunk_fts"));
    }
}
