using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenHelp.Web.Api;

/// <summary>Writes <c>text/event-stream</c>: one JSON object per event, flushed at once.</summary>
public sealed class ServerSentEvents(HttpResponse response)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold the events back until the buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(string eventName, object data, CancellationToken cancellationToken)
    {
        // JSON never contains a raw newline, so one "data:" line carries the whole event.
        await response.WriteAsync($"event: {eventName}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A bare "data: [DONE]" line, as OpenAI-compatible clients expect at the end.</summary>
    public async Task WriteDoneMarkerAsync(CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteDataAsync(object data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
