using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QwenHelp.Infrastructure.Knowledge.Editing;

public static class KnowledgeEditingSetup
{
    /// <summary>The knowledge editor's back end: document versions and restore, background re-indexing with progress.</summary>
    public static IHostApplicationBuilder AddKnowledgeEditing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DocumentCatalog>();
        builder.Services.AddSingleton<DocumentVersionService>();
        builder.Services.AddSingleton<KnowledgeReindexer>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<KnowledgeReindexer>());
        return builder;
    }
}
