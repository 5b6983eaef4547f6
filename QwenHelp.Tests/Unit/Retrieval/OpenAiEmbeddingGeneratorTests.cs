using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>The OpenAI-compatible embedder against a small HTTP server of the test's own, on a real socket.</summary>
public sealed class OpenAiEmbeddingGeneratorTests : IAsyncLifetime
{
    private LocalHttpServer? _server;
    private Func<HttpContext, Task> _respond = _ => Task.CompletedTask;

    private List<(string Path, string? Authorization, JsonElement Body)> Requests { get; } = [];

    private Uri Endpoint => new(_server!.Address, "/v1");

    public async Task InitializeAsync() => _server = await LocalHttpServer.StartAsync("/v1/embeddings", async context =>
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        Requests.Add((context.Request.Path, context.Request.Headers.Authorization.FirstOrDefault(), body));
        await _respond(context);
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private OpenAiEmbeddingGenerator Embedder(int? dimensions = null, string? apiKey = null) =>
        new(new OpenAiEmbedderOptions { Endpoint = Endpoint, Model = "bge-m3", Dimensions = dimensions, ApiKey = apiKey, TimeoutSeconds = 5 });

    private void Answer(string json, int status = 200) => _respond = async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    };

    [Fact]
    public async Task PostsTheModelTextsAndKeyAndReturnsVectorsInInputOrder()
    {
        Answer("""{"object":"list","data":[{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0]}],"usage":{"prompt_tokens":7,"total_tokens":7}}""");
        using var embedder = Embedder(dimensions: 2, apiKey: "sk-test");

        var embeddings = await embedder.GenerateAsync(["first", "second"]);

        Assert.Equal([1f, 0f], embeddings[0].Vector.ToArray());
        Assert.Equal([0f, 1f], embeddings[1].Vector.ToArray());
        Assert.Equal(7, embeddings.Usage!.InputTokenCount);
        var request = Assert.Single(Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("Bearer sk-test", request.Authorization);
        Assert.Equal("bge-m3", request.Body.GetProperty("model").GetString());
        Assert.Equal(["first", "second"], request.Body.GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, request.Body.GetProperty("dimensions").GetInt32());
        Assert.Equal("float", request.Body.GetProperty("encoding_format").GetString());
    }

    [Fact]
    public async Task NamesItsVectorSpaceByModelAndRequestedDimensions()
    {
        using var plain = Embedder();
        using var reduced = Embedder(dimensions: 256);

        Assert.Equal("bge-m3", plain.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Null(plain.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        Assert.Equal("bge-m3-d256", reduced.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.Empty(await plain.GenerateAsync([]));
        Assert.Empty(Requests);
    }

    [Fact]
    public async Task ReportsTheServersOwnErrorMessage()
    {
        Answer("""{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}""", 401);
        using var embedder = Embedder();

        var error = await Assert.ThrowsAsync<EmbeddingException>(() => embedder.GenerateAsync(["x"]));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "not an embeddings response")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]}]}""", "1 usable vectors for 2 texts")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,0]},{"index":0,"embedding":[0,1]}]}""", "2 usable vectors for 2 texts")]
    public async Task RefusesAnswersThatAreNotOneVectorPerText(string body, string message)
    {
        Answer(body);
        using var embedder = Embedder();

        var error = await Assert.ThrowsAsync<EmbeddingException>(() => embedder.GenerateAsync(["a", "b"]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughRetrievalItLearnsTheDimensionChecksEveryVectorAndAddsPrefixes()
    {
        var calls = 0;
        _respond = async context =>
        {
            // A misbehaving server: the third call returns a vector of another length.
            var length = ++calls >= 3 ? 3 : 2;
            await context.Response.WriteAsJsonAsync(new { data = new[] { new { index = 0, embedding = Enumerable.Repeat(0.5f, length).ToArray() } } });
        };
        using var generator = Embedder();
        using var embedder = new PassageEmbedder(generator, Options.Create(new EmbeddingOptions { QueryPrefix = "query: ", PassagePrefix = "passage: " }));

        Assert.Equal(new EmbeddingSpace("bge-m3", 2), await embedder.GetSpaceAsync(CancellationToken.None));
        Assert.Equal(2, (await embedder.EmbedQueryAsync("refund", CancellationToken.None)).Length);
        var error = await Assert.ThrowsAsync<EmbeddingException>(() => embedder.EmbedPassageInputsAsync([embedder.PassageInput("text")], CancellationToken.None));

        Assert.Contains("3 dimensions; 2 were expected", error.Message, StringComparison.Ordinal);
        Assert.Equal("query: refund", Requests[1].Body.GetProperty("input")[0].GetString());
        Assert.Equal("passage: text", Requests[2].Body.GetProperty("input")[0].GetString());
    }

    [Fact]
    public async Task GivesUpOnASlowServerWithinTheQueryTimeout()
    {
        _respond = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        };
        using var generator = Embedder(dimensions: 2);
        using var embedder = new PassageEmbedder(generator, Options.Create(new EmbeddingOptions { QueryTimeoutSeconds = 0.3 }));

        var error = await Assert.ThrowsAsync<EmbeddingException>(() => embedder.EmbedQueryAsync("refund", CancellationToken.None));

        Assert.Contains("did not answer within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsAnUnreachableServerAsAnEmbeddingFailure()
    {
        using var generator = new OpenAiEmbeddingGenerator(new OpenAiEmbedderOptions { Endpoint = new Uri("http://127.0.0.1:1/v1"), Model = "m", Dimensions = 2 });
        using var embedder = new PassageEmbedder(generator, Options.Create(new EmbeddingOptions()));

        var error = await Assert.ThrowsAsync<EmbeddingException>(() => embedder.EmbedPassageInputsAsync(["x"], CancellationToken.None));

        Assert.StartsWith("The embedder failed", error.Message, StringComparison.Ordinal);
    }
}
