using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace QwenHelp.Infrastructure.Embeddings;

/// <summary>
/// Embeddings from any server that speaks OpenAI's <c>POST /v1/embeddings</c>: vLLM, Ollama,
/// text-embeddings-inference, LocalAI, OpenAI itself. Texts go in one request per call (the caller
/// batches); vectors come back in input order whatever order the server lists them in.
/// </summary>
public sealed class OpenAiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly OpenAiEmbedderOptions _options;
    private readonly Uri _url;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="http">The client to send with; one is created (and disposed with this embedder) when null.</param>
    public OpenAiEmbeddingGenerator(OpenAiEmbedderOptions options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null || string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException("The OpenAI-compatible embedder needs an endpoint and a model.", nameof(options));
        }

        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        var baseUrl = options.Endpoint.ToString().TrimEnd('/');
        _url = new Uri(baseUrl + "/embeddings");
        ModelId = options.Dimensions is { } d ? string.Create(CultureInfo.InvariantCulture, $"{options.Model}-d{d}") : options.Model;
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", options.Endpoint, ModelId, options.Dimensions);
    }

    /// <summary>The vector space's name: the served model (and the requested dimensions, when set).</summary>
    public string ModelId { get; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>();
        if (inputs.Count == 0)
        {
            return result;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = JsonContent.Create(new EmbeddingsRequest(_options.Model, inputs, "float", _options.Dimensions), options: Json),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new EmbeddingException(
                $"The embedding server at {_url} answered {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorMessage(body)}");
        }

        EmbeddingsResponse? parsed;
        try
        {
            parsed = await response.Content.ReadFromJsonAsync<EmbeddingsResponse>(Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new EmbeddingException($"The embedding server at {_url} answered with JSON that is not an embeddings response: {e.Message}", e);
        }

        var data = parsed?.Data ?? [];
        if (data.Count != inputs.Count || data.Any(d => d.Embedding is null || d.Index < 0 || d.Index >= inputs.Count)
            || data.Select(d => d.Index).Distinct().Count() != inputs.Count)
        {
            throw new EmbeddingException($"The embedding server at {_url} returned {data.Count} usable vectors for {inputs.Count} texts.");
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var item in data.OrderBy(d => d.Index))
        {
            result.Add(new Embedding<float>(item.Embedding!) { ModelId = ModelId, CreatedAt = now });
        }

        if (parsed?.Usage is { } usage)
        {
            result.Usage = new UsageDetails { InputTokenCount = usage.PromptTokens, TotalTokenCount = usage.TotalTokens };
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingGeneratorServices.Get(this, _metadata, serviceType, serviceKey);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>The server's own message when it sent an OpenAI-style error body, else the start of the body.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString() ?? "";
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? "";
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the text itself.
        }

        return body.Length > 300 ? body[..300] + "…" : body;
    }

    private sealed record EmbeddingsRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input,
        [property: JsonPropertyName("encoding_format")] string EncodingFormat,
        [property: JsonPropertyName("dimensions")] int? Dimensions);

    private sealed record EmbeddingsResponse(
        [property: JsonPropertyName("data")] List<EmbeddingItem>? Data,
        [property: JsonPropertyName("usage")] EmbeddingUsage? Usage);

    private sealed record EmbeddingItem(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);

    private sealed record EmbeddingUsage(
        [property: JsonPropertyName("prompt_tokens")] long? PromptTokens,
        [property: JsonPropertyName("total_tokens")] long? TotalTokens);
}
