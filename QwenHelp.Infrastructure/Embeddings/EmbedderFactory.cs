using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// Describes the configured embedder as JSON (without secrets), and builds an embedder again from
/// such a description: after the embedding settings change, the previous embedder keeps embedding
/// queries for the previous vectors until re-embedding has built the new set (docs/decisions/0063).
/// </summary>
public sealed class EmbedderFactory(IOptions<EmbeddingOptions> configured, IHostEnvironment environment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The configured embedder's settings as JSON, API key left out.</summary>
    public string DescribeConfigured()
    {
        var copy = JsonSerializer.Deserialize<EmbeddingOptions>(JsonSerializer.Serialize(configured.Value, Json), Json)!;
        copy.OpenAI.ApiKey = null;
        return JsonSerializer.Serialize(copy, Json);
    }

    /// <summary>An embedder built from a description (the API key is today's, for the same provider); null when it cannot be built.</summary>
    public PassageEmbedder? TryCreate(string description)
    {
        try
        {
            var options = JsonSerializer.Deserialize<EmbeddingOptions>(description, Json);
            if (options is null)
            {
                return null;
            }

            options.OpenAI.ApiKey ??= configured.Value.OpenAI.ApiKey;
            using (var json = JsonDocument.Parse(description))
            {
                // Described before embedders were chosen per language: the provider made every vector.
                if (!json.RootElement.TryGetProperty("english", out _))
                {
                    options.English = LanguageEmbedder.Configured;
                    options.Chinese = LanguageEmbedder.Configured;
                }
            }

            return new PassageEmbedder(RetrievalDependencyInjection.CreateEmbedder(options, environment.ContentRootPath), Options.Create(options));
        }
        catch (Exception e) when (e is JsonException or OptionsValidationException or ArgumentException or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
