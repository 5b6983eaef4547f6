using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QwenHelp.Tests.Support;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> server on a real local socket that streams one
/// fixed answer and keeps every request body, for tests of what the app sends its model server.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    public const string Answer = "Hello from the fake model.";

    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private LocalHttpServer? _server;

    /// <summary>The API base to configure, ending in <c>/v1</c>.</summary>
    public Uri Endpoint => new(_server!.Address, "/v1");

    /// <summary>The request bodies received so far, oldest first.</summary>
    public IReadOnlyList<JsonElement> Requests => [.. _requests];

    public static async Task<FakeChatServer> StartAsync()
    {
        var server = new FakeChatServer();
        server._server = await LocalHttpServer.StartAsync("/v1/chat/completions", server.HandleAsync);
        return server;
    }

    /// <summary>The last request whose messages mention <paramref name="text"/>.</summary>
    public JsonElement LastRequestAbout(string text) =>
        Requests.Last(r => r.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("content").ToString().Contains(text, StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        _requests.Enqueue(await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body));
        context.Response.ContentType = "text/event-stream";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        object Chunk(object delta, string? finish) => new
        {
            id = "fake-1",
            @object = "chat.completion.chunk",
            created,
            model = "fake",
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        };

        foreach (var chunk in new[] { Chunk(new { role = "assistant", content = Answer }, null), Chunk(new { }, "stop") })
        {
            await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    }
}
