using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>
/// The shop's own order system over HTTP: <c>GET {endpoint with orderId}</c> answering the order as
/// JSON (404: no such order). A lookup is a GET, safe to repeat, so one retry covers a dropped
/// connection or a 5xx; anything else is reported as the order system being unavailable.
/// </summary>
public sealed class HttpOrderStatusSource : IOrderStatusSource
{
    public const string HttpClientName = "order-system";

    private readonly IHttpClientFactory _httpClients;
    private readonly OrderSystemOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public HttpOrderStatusSource(IHttpClientFactory httpClients, IOptions<ToolOptions> options)
    {
        _httpClients = httpClients;
        _options = options.Value.OrderSystem;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
            })
            .Build();
    }

    public async Task<OrderStatus?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var url = _options.Endpoint!.Replace("{orderId}", Uri.EscapeDataString(orderId.Trim()), StringComparison.Ordinal);
        var client = _httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Accept.ParseAdd("application/json");
                if (!string.IsNullOrEmpty(_options.ApiKeyHeader) && !string.IsNullOrEmpty(_options.ApiKey))
                {
                    request.Headers.TryAddWithoutValidation(_options.ApiKeyHeader, _options.ApiKey);
                }

                return await client.SendAsync(request, ct);
            }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new OrderSystemUnavailableException($"The order system at {new Uri(url).Authority} cannot be reached: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OrderSystemUnavailableException($"The order system answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                return OrderJson.Parse(document.RootElement);
            }
            catch (JsonException ex)
            {
                throw new OrderSystemUnavailableException($"The order system's answer is not a readable order: {ex.Message}", ex);
            }
        }
    }
}
