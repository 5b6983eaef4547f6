using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Tests.Support;

/// <summary>
/// A fresh database for one test class in the private PostgreSQL cluster that ./test.sh starts
/// (scripts/test-postgres.sh; its connection string in QWENHELP_TEST_POSTGRES), dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string ServerVariable = "QWENHELP_TEST_POSTGRES";

    private readonly string _name = "qh_" + Guid.NewGuid().ToString("N");
    private string _server = "";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. ./test.sh starts a private PostgreSQL cluster and sets it; by hand: " +
                $"export {ServerVariable}=$(scripts/test-postgres.sh start /tmp/qwenhelp-test-pg 55433)");
        await ExecuteOnServerAsync($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    /// <summary>Infrastructure's database services on this database, without the web app.</summary>
    public IHost CreateHost(Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseOptions.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            [DatabaseOptions.ConnectionStringKey] = ConnectionString,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDatabase();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs SQL on this test's database, the way an operator would check what was stored.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
