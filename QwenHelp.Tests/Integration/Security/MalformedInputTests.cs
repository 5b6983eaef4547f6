using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Security;

/// <summary>
/// The abuse suite's malformed-input corpus (TestData/abuse/*.jsonl, one request body a line) against
/// every public JSON endpoint: each gets a clear 4xx, never a 500, and nothing is stored.
/// </summary>
[Trait("Category", "Abuse")]
public class MalformedInputTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    public static TheoryData<int, string> Corpus(string file)
    {
        var data = new TheoryData<int, string>();
        var lines = File.ReadAllLines(RepoPaths.TestData(Path.Combine("abuse", file)));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                data.Add(i + 1, lines[i]);
            }
        }

        return data;
    }

    public static TheoryData<int, string> ChatBodies => Corpus("api-chat.jsonl");

    public static TheoryData<int, string> FeedbackBodies => Corpus("api-feedback.jsonl");

    public static TheoryData<int, string> OpenAiBodies => Corpus("v1-chat-completions.jsonl");

    [Theory]
    [MemberData(nameof(ChatBodies))]
    public async Task AMalformedChatMessageGetsAClearClientErrorAndStoresNothing(int line, string body)
    {
        var messagesBefore = SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages");

        foreach (var path in new[] { "/api/chat", "/api/chat/stream" })
        {
            var response = await factory.CreateClient().PostAsync(path, Json(body));

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge,
                $"line {line} to {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(messagesBefore, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM messages"));
    }

    [Theory]
    [MemberData(nameof(FeedbackBodies))]
    public async Task AMalformedFeedbackBodyGetsAClearClientError(int line, string body)
    {
        var response = await factory.CreateClient().PostAsync("/api/feedback", Json(body));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"line {line}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(OpenAiBodies))]
    public async Task AMalformedChatCompletionGetsA400InOpenAisErrorShape(int line, string body)
    {
        var response = await factory.CreateApiKeyClient().PostAsync("/v1/chat/completions", Json(body));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"line {line}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvalidUtf8IsRefusedByEveryChatEndpoint()
    {
        byte[] body = [.. "{\"message\":\"bad "u8, 0xC3, 0x28, .. " text\"}"u8];
        byte[] completion = [.. "{\"messages\":[{\"role\":\"user\",\"content\":\"bad "u8, 0xFF, .. "\"}]}"u8];

        var chat = await factory.CreateClient().PostAsync("/api/chat", Bytes(body));
        var openAi = await factory.CreateApiKeyClient().PostAsync("/v1/chat/completions", Bytes(completion));

        Assert.Equal(HttpStatusCode.BadRequest, chat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, openAi.StatusCode);
        Assert.Equal("invalid_request_error", (await openAi.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/chat")]
    [InlineData("/v1/chat/completions")]
    public async Task AChunkedBodyOverTheLimitIsRefusedWith413ThoughItSaysNoLength(string path)
    {
        // Valid JSON padded with 20 MB of spaces: it used to be read whole, parsed and answered.
        var prefix = path == "/api/chat" ? "{\"message\":\"How do I reset my password?\"" : "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        using var content = new StreamContent(new PaddedJson(prefix, 20 * 1024 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Null(content.Headers.ContentLength);

        var response = await (path == "/api/chat" ? factory.CreateClient() : factory.CreateApiKeyClient()).PostAsync(path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, new UTF8Encoding(false), "application/json");

    private static ByteArrayContent Bytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary><c>prefix</c>, then spaces, then <c>}</c>: valid JSON of any size, made as it is read, of unknown length.</summary>
    private sealed class PaddedJson(string prefix, long padding) : Stream
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var total = _prefix.Length + padding + 1;
            var n = 0;
            while (n < count && _position < total)
            {
                buffer[offset + n++] = _position < _prefix.Length ? _prefix[_position] : _position == total - 1 ? (byte)'}' : (byte)' ';
                _position++;
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
