using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Tests.Support;

/// <summary>
/// An OpenAI-compatible <c>/v1/embeddings</c> server on a real local socket, for tests of what the
/// app does when its embedding server works, fails or comes back. Its vectors come from the
/// built-in embedder, so they mean something.
/// </summary>
public sealed class FakeEmbeddingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashingEmbeddingGenerator _embedder;

    private FakeEmbeddingServer(WebApplication app, HashingEmbeddingGenerator embedder)
    {
        _app = app;
        _embedder = embedder;
    }

    /// <summary>The API base to configure, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>While true, every request fails with 503.</summary>
    public bool Failing { get; set; }

    public int Requests { get; private set; }

    public static async Task<FakeEmbeddingServer> StartAsync(int dimension)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeEmbeddingServer(app, new HashingEmbeddingGenerator(new HashingEmbedderSettings { Dimension = dimension }));
        app.MapPost("/v1/embeddings", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
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
