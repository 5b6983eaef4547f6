using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Playground;

public static class PlaygroundSetup
{
    /// <summary>The search playground and the retrieval explainer behind it.</summary>
    public static IHostApplicationBuilder AddSearchPlayground(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RetrievalExplainer>();
        builder.Services.AddSingleton<SearchPlayground>();
        return builder;
    }
}
