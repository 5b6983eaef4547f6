using System.Net.Http.Json;
using System.Text.Json;

namespace QwenHelp.Tests.Docker;

/// <summary>docker/compose.yaml as an operator runs it: the image on SQLite with its data on a volume.</summary>
[Trait("Category", "Docker")]
public class SingleNodeTests
{
    private const int Port = 58080;

    [DockerFact]
    public async Task AnswersAChatAndKeepsTheConversationWhenTheContainerIsReplaced()
    {
        await using var compose = new ComposeProject("docker/compose.yaml", "qwenhelp-docker-single", new Dictionary<string, string>
        {
            ["QWENHELP_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QWENHELP_ADMIN_PASSWORD"] = "Docker-test-admin-1",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        await compose.RunAsync("down -v --remove-orphans");
        await compose.UpAsync();
        await ComposeProject.WaitReadyAsync(client, TimeSpan.FromMinutes(3));

        using var chat = await client.PostAsJsonAsync("/api/chat", new { message = "How do I reset my password?" });
        chat.EnsureSuccessStatusCode();
        var answer = await chat.Content.ReadFromJsonAsync<JsonElement>();
        var conversationId = answer.GetProperty("conversationId").GetString();
        var visitorToken = answer.GetProperty("visitorToken").GetString();
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("answer").GetString()));

        // A new container from the image (what an upgrade does), on the same volume.
        await compose.RunAsync("up -d --force-recreate");
        await ComposeProject.WaitReadyAsync(client, TimeSpan.FromMinutes(3));

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{conversationId}");
        read.Headers.Add("X-Visitor-Token", visitorToken);
        using var transcript = await client.SendAsync(read);
        transcript.EnsureSuccessStatusCode();
        var messages = (await transcript.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains(messages, m => m.GetProperty("text").GetString() == "How do I reset my password?");
        Assert.Equal(2, messages.Count);
    }
}
