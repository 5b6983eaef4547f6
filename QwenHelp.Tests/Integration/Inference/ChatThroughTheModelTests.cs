using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Inference;

/// <summary>With a model folder configured, the public chat answers through the in-process engine.</summary>
public class ChatThroughTheModelTests(InferenceFactory factory) : IClassFixture<InferenceFactory>
{
    [Fact]
    public async Task AQuestionWithRelatedKnowledgeButNoConfidentFaqIsAnsweredByTheInProcessModel()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/chat", new { message = "Which payment methods and invoices work for companies?" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("model", body.GetProperty("mode").GetString());
        var id = body.GetProperty("messageId").GetInt64();
        Assert.True(SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT tokens_out FROM turn_metrics WHERE message_id = {id}") > 0);
    }
}
