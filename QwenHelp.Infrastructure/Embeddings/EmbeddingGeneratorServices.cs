using Microsoft.Extensions.AI;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>The one answer every embedder gives to <see cref="IEmbeddingGenerator.GetService"/>: its metadata, or itself.</summary>
public static class EmbeddingGeneratorServices
{
    public static object? Get(object generator, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
            : serviceType.IsInstanceOfType(generator) ? generator
            : null;
    }
}
