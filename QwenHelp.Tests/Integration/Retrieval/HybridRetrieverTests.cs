using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Retrieval;

/// <summary>The retrieval engine over the demo knowledge base, as the chat asks it.</summary>
public class HybridRetrieverTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private Task<RetrievalResult> RetrieveAsync(string text, string language = "en", int limit = 8) =>
        factory.GetService<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery(text, language, limit), CancellationToken.None);

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("?!…。")]
    public async Task GivesAnEmptyResultForTextWithoutWords(string text)
    {
        var result = await RetrieveAsync(text);

        Assert.Empty(result.Passages);
        Assert.Null(result.ConfidentFaq);
    }

    [Fact]
    public async Task AnswersAnExactFaqQuestionConfidentlyWithProvenanceFromBothRetrievers()
    {
        var result = await RetrieveAsync("How do I reset my password?");

        var confident = Assert.IsType<RetrievedPassage>(result.ConfidentFaq);
        Assert.Equal("How do I reset my password?", confident.Title);
        Assert.Same(result.Passages[0], confident);
        Assert.InRange(confident.Confidence, 0.8, 1.0);
        Assert.Collection(confident.Provenance.OrderBy(h => h.Retriever),
            keyword => Assert.Equal(("keyword", 1), (keyword.Retriever, keyword.Rank)),
            vector => Assert.Equal(("vector", 1), (vector.Retriever, vector.Rank)));
        Assert.All(result.Passages.Zip(result.Passages.Skip(1)), pair => Assert.True(pair.First.Score >= pair.Second.Score));
    }

    [Theory]
    [InlineData("忘记密码了怎么办", "zh", "如何重置密码?")]
    [InlineData("cancle my order pls", "en", "How do I cancel my order?")]
    [InlineData("退款多久到账", "zh", "退款多久能到账?")]
    public async Task FindsTheRightFaqForCustomerPhrasingsAndTypos(string text, string language, string question)
    {
        var result = await RetrieveAsync(text, language);

        Assert.Equal(question, result.Passages.First(p => p.Kind == PassageKind.Faq).Title);
    }

    [Fact]
    public async Task IsNotConfidentAboutNonsense()
    {
        var result = await RetrieveAsync("xylophone quantum zebra");

        Assert.Null(result.ConfidentFaq);
        Assert.All(result.Passages, p => Assert.True(p.Confidence < 0.5));
    }

    [Fact]
    public async Task FindsPolicyDocumentChunksWithTheirDocumentAndSectionAsTitle()
    {
        var result = await RetrieveAsync("which items can't be returned without a reason, like engraved items", limit: 10);

        var chunk = result.Passages.First(p => p.Kind == PassageKind.Chunk);
        Assert.StartsWith("Returns & Refunds Policy", chunk.Title, StringComparison.Ordinal);
        Assert.Contains("engraved", chunk.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RanksTheCustomersLanguageFirstForAQuestionAskedInBoth()
    {
        var chinese = await RetrieveAsync("VIP会员等级", "zh");
        var english = await RetrieveAsync("VIP membership tiers", "en");

        Assert.Equal("zh", chinese.Passages.First(p => p.Kind == PassageKind.Faq).Language);
        Assert.Equal("en", english.Passages.First(p => p.Kind == PassageKind.Faq).Language);
    }

    [Theory]
    [InlineData("\"refund\" OR NEAR(refund, password) AND NOT * ^question:")]
    [InlineData("refund\"); DROP TABLE faq_entries; --")]
    [InlineData("{\"$match\": \"*\"}")]
    public async Task SearchesQueryOperatorsAndQuotesAsText(string text)
    {
        var result = await RetrieveAsync(text);

        Assert.NotEmpty(result.Passages);
        Assert.True(SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries") >= 100);
    }

    [Fact]
    public async Task BoundsTheWorkForAHugeQuery()
    {
        var huge = string.Concat(Enumerable.Repeat("refund 退款 password 密码 ", 800));

        var result = await RetrieveAsync(huge[..10_000]);

        Assert.InRange(result.Passages.Count, 1, 8);
    }

    [Fact]
    public async Task AnswersInEachModeWithOnlyThatRetrieversProvenance()
    {
        var retriever = factory.GetService<HybridKnowledgeRetriever>();
        var query = new RetrievalQuery("shipping fee for small orders", "en", 5);

        var keyword = await retriever.SearchAsync(query, RetrievalMode.Keyword, CancellationToken.None);
        var vector = await retriever.SearchAsync(query, RetrievalMode.Vector, CancellationToken.None);

        Assert.All(keyword.Result.Passages, p => Assert.Equal(["keyword"], p.Provenance.Select(h => h.Retriever)));
        Assert.All(vector.Result.Passages, p => Assert.Equal(["vector"], p.Provenance.Select(h => h.Retriever)));
        Assert.Equal(5, keyword.Evidence.Count);
    }
}
