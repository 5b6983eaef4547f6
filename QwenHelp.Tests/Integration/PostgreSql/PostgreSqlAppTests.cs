using System.Net.Http.Json;
using System.Text.Json;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.PostgreSql;

/// <summary>The whole app on a real PostgreSQL: it starts with the demo seed and answers from it, without SQLite's FTS5 keyword tables.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes the app through IAsyncLifetime.DisposeAsync.")]
public sealed class PostgreSqlAppTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "qh-pg-app-" + Guid.NewGuid().ToString("N"));
    private DataFolderAppFactory _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new DataFolderAppFactory(_dataFolder, new Dictionary<string, string>
        {
            [DatabaseOptions.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            [DatabaseOptions.ConnectionStringKey] = database.ConnectionString,
        });
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData("How do I reset my password?", "en")]
    [InlineData("如何重置密码?", "zh")]
    public async Task ADemoQuestionIsAnsweredDirectlyWithACitation(string question, string language)
    {
        using var response = await _client.PostAsJsonAsync("/api/chat", new { message = question });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("direct", body.GetProperty("mode").GetString());
        Assert.Equal(language, body.GetProperty("language").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("answer").GetString()));
        Assert.Equal(question, Assert.Single(body.GetProperty("citations").EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnFaqEditThroughTheServiceIsSearchableRightAfter()
    {
        // The first request runs start-up (migration, demo seed, index load).
        (await _client.GetAsync("/health/ready")).Dispose();
        var faqs = _app.Get<FaqService>();
        // Not the password entry, which the chat test in this class asks about on the same database.
        var entry = (await faqs.ListAsync()).First(f => f.Language == "en" && !f.Question.Contains("password", StringComparison.OrdinalIgnoreCase));

        var saved = await faqs.UpdateAsync(entry.Id, new FaqEntryInput(
            "Can I pay with moonstone tokens?", "Yes, moonstone tokens are accepted at checkout.", [], entry.Category, "en"));

        Assert.True(saved.Succeeded);
        var result = await _app.Get<IKnowledgeRetriever>().RetrieveAsync(new RetrievalQuery("moonstone tokens", "en"), default);
        Assert.Equal(entry.Id, result.Passages[0].SourceId);
        Assert.Equal(PassageKind.Faq, result.Passages[0].Kind);
    }
}
