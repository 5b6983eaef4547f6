using System.Text.Json;
using Microsoft.AspNetCore.Http;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Support;

/// <summary>
/// An OpenAI-compatible <c>/v1/embeddings</c> server on a real local socket, for tests of what the
/// app does when its embedding server works, fails or comes back. Its vectors come from the
/// built-in embedder, so they mean something.
/// </summary>
public sealed class FakeEmbeddingServer : IAsyncDisposable
{
    private readonly HashingEmbeddingGenerator _embedder;
    private LocalHttpServer? _server;

    private FakeEmbeddingServer(int dimension) => _embedder = new HashingEmbeddingGenerator(new HashingEmbedderSettings { Dimension = dimension });

    /// <summary>The API base to configure, ending in <c>/v1</c>.</summary>
    public Uri Endpoint => new(_server!.Address, "/v1");

    /// <summary>While true, every request fails with 503.</summary>
    public bool Failing { get; set; }

    public int Requests { get; private set; }

    public static async Task<FakeEmbeddingServer> StartAsync(int dimension)
    {
        var server = new FakeEmbeddingServer(dimension);
        server._server = await LocalHttpServer.StartAsync("/v1/embeddings", server.HandleAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _embedder.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests++;
        if (Failing)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "model is loading" } });
            return;
        }

        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var inputs = body.GetProperty("input").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        await context.Response.WriteAsJsonAsync(new
        {
            data = inputs.Select((text, i) => new { index = i, embedding = _embedder.Embed(text) }),
        });
    }
}
