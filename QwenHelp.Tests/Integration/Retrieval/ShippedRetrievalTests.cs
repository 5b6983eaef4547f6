using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Retrieval;

/// <summary>The demo shop as a new user meets it: the shipped embedders, and the cases issue 14 reported.</summary>
public class ShippedRetrievalTests(BundledEmbedderFactory factory) : IClassFixture<BundledEmbedderFactory>
{
    private async Task<JsonElement> AskAsync(string message)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/chat", new { message });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public void EmbedsEnglishWithTheBundledMiniLmAndChineseWithTheBuiltInEmbedder()
    {
        var serving = factory.GetService<KnowledgeIndex>().Serving!;

        Assert.Equal("en=all-MiniLM-L6-v2;zh=qwenhelp-hashing-v1-d512", serving.Space.ModelId);
        Assert.Equal(384 + 512, serving.Space.Dimension);
    }

    [Theory]
    [InlineData("How do I return an item?", "How do I return an item?")]
    [InlineData("START A RETURN", "How do I return an item?")] // an alternate phrasing, as written
    [InlineData("如何重置密码?", "如何重置密码?")]
    public async Task AnswersAnExactFaqQuestionDirectly(string question, string entry)
    {
        var answer = await AskAsync(question);

        Assert.Equal("direct", answer.GetProperty("mode").GetString());
        Assert.Equal(entry, answer.GetProperty("citations")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task MakesAnExactFaqQuestionTheFirstAndCertainPassage()
    {
        var result = await factory.GetService<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("how do i return an item", "en", 5), CancellationToken.None);

        Assert.Equal("How do I return an item?", result.ConfidentFaq?.Title);
        Assert.Same(result.ConfidentFaq, result.Passages[0]);
        Assert.Equal(1.0, result.Passages[0].Confidence);
    }

    [Fact]
    public async Task QuotesTheDocumentPassageThatMatchedWithItsException()
    {
        var document = """
            # Lumen Home services

            Lumen Home is our furniture and home-goods line. This guide covers the services we offer with every order,
            from delivery to assembly, and how to book them from the app.

            ## Gift wrapping

            Gift wrapping is available for most items for 5 yuan. Furniture, mattresses and items over 30 kg cannot be gift wrapped.

            ## Assembly

            Free assembly is included for sofas, beds and wardrobes delivered within the city.
            """;
        var saved = await factory.GetService<DocumentService>().ImportAsync("lumen-home.md", Encoding.UTF8.GetBytes(document), "services", "en");
        Assert.True(saved.Succeeded);

        var answer = (await AskAsync("can you gift wrap a sofa?")).GetProperty("answer").GetString()!;

        Assert.Contains("Furniture, mattresses and items over 30 kg cannot be gift wrapped", answer, StringComparison.Ordinal);
    }
}
