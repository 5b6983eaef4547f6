using Microsoft.Extensions.Options;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Retrieval;

/// <summary>The app with the ONNX sentence embedder configured: its vectors are made, stored and searched.</summary>
public class OnnxEmbedderAppTests
{
    [Fact]
    public async Task TheAppEmbedsWithTheConfiguredOnnxModelAndSearchesItsVectors()
    {
        using var data = new TempDataFolder();
        await using var app = new DataFolderAppFactory(data.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Seeding:DemoData"] = "false",
            ["QwenHelp:Embeddings:Provider"] = "Onnx",
            ["QwenHelp:Embeddings:Onnx:ModelFolder"] = TinyEmbeddingModel.Folder,
        });
        var faq = app.Get<FaqService>();

        var saved = await faq.CreateAsync(new FaqEntryInput("How do I reset my password?", "Tap 'Forgot password'.", [], "accounts", "en"));
        await faq.CreateAsync(new FaqEntryInput("Shipping fees", "¥8 below ¥99.", [], "shipping", "en"));
        var result = await app.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("reset my password", "en"), CancellationToken.None);

        Assert.Equal(saved.Entry!.Id, result.Passages[0].SourceId);
        Assert.Contains(result.Passages[0].Provenance, h => h.Retriever == "vector" && h.Rank == 1);
        Assert.Equal(2, SqliteProbe.Scalar(app.DatabaseFile, $"SELECT COUNT(*) FROM passage_vectors WHERE dimension = 16 AND model_id = 'onnx:{Path.GetFileName(TinyEmbeddingModel.Folder)}:mean'"));

        // The confidence model was calibrated for the built-in embedder: this one's similarities do not count until it is calibrated too.
        var detailed = await app.Get<HybridKnowledgeRetriever>().SearchAsync(new RetrievalQuery("reset my password", "en"), RetrievalMode.Hybrid, CancellationToken.None);
        Assert.False(detailed.Evidence[0].HasVector);
        Assert.Equal(ConfidenceModel.Confidence(detailed.Evidence[0], new ConfidenceOptions()), detailed.Result.Passages[0].Confidence, 9);
    }

    [Fact]
    public void AModelFolderThatCannotBeUsedStopsTheAppNamingTheSetting()
    {
        using var data = new TempDataFolder();
        using var app = new DataFolderAppFactory(data.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Embeddings:Provider"] = "Onnx",
            ["QwenHelp:Embeddings:Onnx:ModelFolder"] = Path.Combine(data.Path, "no-such-model"),
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("QwenHelp:Embeddings:Onnx:", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
