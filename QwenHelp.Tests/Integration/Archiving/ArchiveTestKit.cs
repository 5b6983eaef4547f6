using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Archiving;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Archiving;

/// <summary>The app over a fresh SQLite file without the demo data, with a seam that can cut an archiving run off at a chosen stage.</summary>
public sealed class ArchiveFactory(int maxConversationsPerPass = 100_000, string? encryptionKey = null) : QwenHelpFactory
{
    public CrashingObserver Observer { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["QwenHelp:Seeding:DemoData"] = "false",
                ["QwenHelp:Archiving:MaxConversationsPerPass"] = maxConversationsPerPass.ToString(CultureInfo.InvariantCulture),
            };
            if (encryptionKey is not null)
            {
                settings["QwenHelp:Archiving:EncryptionKey"] = encryptionKey;
            }

            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IArchiveRunObserver>(Observer));
    }

    public string ArchiveFolder => GetService<ConversationArchiver>().Folder;
}

/// <summary>Throws (a simulated crash) the first time a run reaches <see cref="CrashAt"/>, or runs <see cref="OnVerified"/> there.</summary>
public sealed class CrashingObserver : IArchiveRunObserver
{
    public ArchiveStage? CrashAt { get; set; }

    public Func<string, Task>? OnVerified { get; set; }

    public Task OnStageAsync(ArchiveStage stage, string fileName, CancellationToken cancellationToken)
    {
        if (stage == CrashAt)
        {
            CrashAt = null;
            throw new SimulatedCrashException($"simulated crash at {stage} of {fileName}");
        }

        return stage == ArchiveStage.Verified && OnVerified is { } action ? action(fileName) : Task.CompletedTask;
    }
}

public sealed class SimulatedCrashException(string message) : Exception(message);

public static class ArchiveTestKit
{
    /// <summary>Every table that holds a conversation's rows (tickets too: they stay, unlinked).</summary>
    public static readonly string[] Tables = ["conversations", "messages", "feedback", "turn_metrics", "tool_calls", "agent_assignments", "tickets"];

    /// <summary>
    /// Old conversations over two days (2025-03-01 and 2025-03-02, UTC), each with messages, citations,
    /// metrics, tool calls and ratings; one with a ticket and one with an (already released) agent assignment row.
    /// </summary>
    public static async Task<List<Guid>> SeedOldAsync(QwenHelpFactory factory, int perDay = 3)
    {
        var ids = new List<Guid>();
        foreach (var day in new[] { "2025-03-01", "2025-03-02" })
        {
            for (var i = 0; i < perDay; i++)
            {
                var seed = ConversationSeed.StartedAt($"{day}T0{i + 1}:00:00Z", i % 2 == 0 ? "en" : "zh")
                    .Turn("Where is my order LM20250301001?", AnswerMode.Tool, 120, tools: [("query_order_status", true)])
                    .Turn("How do I return an item?", AnswerMode.Direct, 40, confidence: 0.93,
                        citations: [new Citation(Citation.FaqKind, 12, "Returns")])
                    .Rated(1)
                    .Turn("Thanks, that is all", AnswerMode.Fallback, 300, ttftMs: 90, cacheLookup: true)
                    .Rated(-1)
                    .Closed();
                await seed.SaveAsync(factory);
                ids.Add(seed.Id);
            }
        }

        await using var connection = Open(factory);
        await ExecuteAsync(connection, "INSERT INTO tickets (conversation_id, summary, contact, status, created_at, updated_at) VALUES ($c, 'Broken lamp', 'li@example.com', 'open', 1740800000000, 1740800000000)",
            ("$c", Key(ids[0])));
        await ExecuteAsync(connection, "INSERT INTO agent_assignments (conversation_id, agent, taken_at) VALUES ($c, 'alice', 1740800000000)", ("$c", Key(ids[1])));
        return ids;
    }

    public static string Key(Guid id) => id.ToString().ToUpperInvariant();

    public static SqliteConnection Open(QwenHelpFactory factory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = factory.DatabaseFile, Pooling = false, ForeignKeys = true }.ToString());
        connection.Open();
        return connection;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(QwenHelpFactory factory, string sql)
    {
        await using var connection = Open(factory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Every column of every row of <see cref="Tables"/>, with each value's storage type, sorted (a
    /// restored conversation row gets another hidden rowid; its columns are what must be identical).
    /// </summary>
    public static async Task<List<string>> SnapshotAsync(QwenHelpFactory factory)
    {
        var rows = new List<string>();
        await using var connection = Open(factory);
        foreach (var table in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i =>
                {
                    var value = reader.GetValue(i);
                    var text = value switch
                    {
                        DBNull => "null",
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        byte[] b => Convert.ToBase64String(b),
                        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                    };
                    return $"{reader.GetName(i)}={value.GetType().Name}:{text}";
                });
                rows.Add(table + " | " + string.Join(" | ", cells));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The conversation ids in an archive file, one per line.</summary>
    public static List<string> IdsIn(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var ids = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            ids.Add(json.RootElement.GetProperty("id").GetString()!);
        }

        return ids;
    }
}
