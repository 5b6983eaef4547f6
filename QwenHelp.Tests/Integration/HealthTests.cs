using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

public class HealthTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    [Fact]
    public async Task LiveAnswersWhileTheProcessRuns()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadyReportsTheDatabaseAndIndexHealthy()
    {
        var response = await factory.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadyFailsWhenTheDatabaseFileIsUnreadable()
    {
        using var broken = new BrokenDatabaseFactory();
        var client = broken.CreateClient();

        // Replace the database with garbage after start-up: the next readiness probe must notice.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.WriteAllText(broken.DatabaseFile, new string('x', 8192));
        foreach (var sidecar in new[] { "-wal", "-shm" })
        {
            File.Delete(broken.DatabaseFile + sidecar);
        }

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private sealed class BrokenDatabaseFactory : QwenHelpFactory;
}
