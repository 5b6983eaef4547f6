using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Playground;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Playground;

public class RetrievalExplainerTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private SearchPlayground Playground => factory.GetService<SearchPlayground>();

    private async Task<FaqEntry> EntryAsync(string question) =>
        (await factory.GetService<FaqService>().ListAsync()).Single(e => e.Question == question);

    [Fact]
    public async Task AQueryShowsKeywordVectorAndFusedListsWithScores()
    {
        var reset = await EntryAsync("How do I reset my password?");

        var explained = await Playground.SearchAsync("reset my password", "en", 5);

        Assert.Contains("password", explained.QueryTerms);
        Assert.Equal(PassageKey.Faq(reset.Id), explained.Keyword[0].Key);
        Assert.True(explained.Keyword[0].RawScore > 0);
        Assert.NotEmpty(explained.Vector);
        Assert.Equal(PassageKey.Faq(reset.Id), explained.Fused[0].Key);
        Assert.Contains(explained.Fused[0].Provenance, h => h.Retriever == "keyword" && h.Rank == 1);
        Assert.InRange(explained.Fused[0].Confidence, 0, 1);
        Assert.True(explained.Keyword.Count <= 5 && explained.Fused.Count <= 5);
    }

    [Fact]
    public async Task AFoundEntryShowsItsRanksAndTheTermsItShares()
    {
        var reset = await EntryAsync("How do I reset my password?");

        var why = await Playground.WhyNotFoundAsync("reset my password", "en", PassageKey.Faq(reset.Id));

        Assert.Equal(1, why!.Keyword!.Rank);
        Assert.Equal(1, why.Fused!.Rank);
        Assert.Equal(1, why.ReturnedRank);
        Assert.Contains("password", why.Fields.Single(f => f.Name == "question").SharedTerms);
        Assert.DoesNotContain(MissReasons.NoSharedTerms, why.Reasons);
    }

    [Fact]
    public async Task AnEntryThatSharesNoWordWithTheQuestionSaysSo()
    {
        var reset = await EntryAsync("How do I reset my password?");

        var why = await Playground.WhyNotFoundAsync("parcel stuck customs", "en", PassageKey.Faq(reset.Id));

        Assert.Null(why!.Keyword);
        Assert.Contains(MissReasons.NoSharedTerms, why.Reasons);
        Assert.All(why.Fields, f => Assert.Empty(f.SharedTerms));
        Assert.NotEmpty(why.Fields.Single(f => f.Name == "question").Terms);
    }

    [Fact]
    public async Task ADisabledEntryIsNeverFoundAndTheExplanationSaysWhy()
    {
        var saved = await factory.GetService<FaqService>().CreateAsync(
            new FaqEntryInput("Do you sell vintage typewriter ribbons?", "Yes, for most models.", [], "orders", "en", Enabled: false));

        var why = await Playground.WhyNotFoundAsync("vintage typewriter ribbons", "en", PassageKey.Faq(saved.Entry!.Id));

        Assert.False(why!.Enabled);
        Assert.Null(why.Keyword);
        Assert.Null(why.ReturnedRank);
        Assert.Contains(MissReasons.Disabled, why.Reasons);
        Assert.NotEmpty(why.Fields.Single(f => f.Name == "question").SharedTerms);
    }

    [Fact]
    public async Task AChunkCanBeExplainedToo()
    {
        var document = (await factory.GetService<DocumentService>().ListAsync()).First(d => d.Language == "en");
        var chunk = (await factory.GetService<DocumentService>().FindAsync(document.Id))!.Chunks[0];

        var why = await Playground.WhyNotFoundAsync(chunk.Text[..Math.Min(80, chunk.Text.Length)], "en", PassageKey.Chunk(chunk.Id));

        Assert.Equal(["heading", "text"], why!.Fields.Select(f => f.Name));
        Assert.NotNull(why.Keyword);
        Assert.Equal(PassageKind.Chunk, why.Target.Kind);
    }

    [Fact]
    public async Task AnUnknownPassageHasNoExplanation() =>
        Assert.Null(await Playground.WhyNotFoundAsync("anything", "en", PassageKey.Faq(999_999)));
}
