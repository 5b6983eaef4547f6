using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Inference.Runtime;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Import;
using QwenHelp.Infrastructure.Vectors;

namespace QwenHelp.Infrastructure.Search;

public static class RetrievalDependencyInjection
{
    /// <summary>
    /// The retrieval engine: analyzer, keyword and vector indexes, the configured embedder, fusion
    /// (registered as THE <see cref="IKnowledgeRetriever"/>), document chunking and import, and the
    /// FAQ and document services that keep the indexes in step with every edit.
    /// </summary>
    public static IHostApplicationBuilder AddRetrieval(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RetrievalOptions>().BindConfiguration(RetrievalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<TextAnalyzer>();
        services.AddSingleton<PassageTexts>();
        services.AddScoped<KeywordIndexMaintenance>();
        services.AddSingleton<IFaqSearch, FtsFaqSearch>();

        services.AddSingleton(CreateEmbedder);
        services.AddSingleton<PassageEmbedder>();
        services.AddSingleton<EmbedderFactory>();
        services.AddSingleton<VectorStore>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<HybridKnowledgeRetriever>();
        services.AddSingleton<IKnowledgeRetriever>(provider => provider.GetRequiredService<HybridKnowledgeRetriever>());
        services.AddHostedService<RetrievalIndexLoader>();

        services.TryAddSingleton<ITokenCounter, EstimatedTokenCounter>();
        services.AddSingleton<SentenceChunker>();
        services.AddSingleton<DocumentImporter>();
        services.AddSingleton<FaqService>();
        services.AddSingleton<DocumentService>();
        return builder;
    }

    /// <summary>The ONNX embedder over the configured folder; a folder or library that cannot be used stops the app naming the setting.</summary>
    private static OnnxEmbeddingGenerator CreateOnnxEmbedder(OnnxEmbedderOptions options, string contentRoot)
    {
        try
        {
            var resolved = new OnnxEmbedderOptions
            {
                ModelFolder = Path.GetFullPath(options.ModelFolder ?? "", contentRoot),
                MaxTokens = options.MaxTokens,
                Pooling = options.Pooling,
                IntraOpThreads = options.IntraOpThreads,
                ExecutionProvider = options.ExecutionProvider,
                CudaDeviceId = options.CudaDeviceId,
            };
            return new OnnxEmbeddingGenerator(resolved);
        }
        catch (Exception e) when (e is InvalidDataException or MissingNativeLibraryException or IOException)
        {
            throw new OptionsValidationException(EmbeddingOptions.Section, typeof(EmbeddingOptions),
                [$"{EmbeddingOptions.Section}:Onnx: {e.Message}"]);
        }
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateEmbedder(IServiceProvider provider) =>
        CreateEmbedder(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value, provider.GetRequiredService<IHostEnvironment>().ContentRootPath);

    /// <summary>
    /// The embedder the options describe (the configured one, or an earlier one that still serves while
    /// re-embedding): one embedder when both languages use the same, else one per language behind one vector space.
    /// </summary>
    internal static IEmbeddingGenerator<string, Embedding<float>> CreateEmbedder(EmbeddingOptions options, string contentRoot)
    {
        var english = options.EnglishProvider;
        var chinese = options.ChineseProvider;
        if (english == chinese)
        {
            return CreateEmbedder(english, options, contentRoot);
        }

        var englishEmbedder = CreateEmbedder(english, options, contentRoot);
        var chineseEmbedder = CreateEmbedder(chinese, options, contentRoot);
        return new LanguageRoutedEmbeddingGenerator(englishEmbedder, chineseEmbedder);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateEmbedder(EmbeddingProvider provider, EmbeddingOptions options, string contentRoot) => provider switch
    {
        EmbeddingProvider.OpenAI => new OpenAiEmbeddingGenerator(options.OpenAI),
        EmbeddingProvider.Onnx => CreateOnnxEmbedder(options.Onnx, contentRoot),
        EmbeddingProvider.MiniLM => new MiniLmEmbeddingGenerator(),
        _ => new HashingEmbeddingGenerator(new HashingEmbedderSettings { Dimension = options.BuiltIn.Dimension }),
    };
}
