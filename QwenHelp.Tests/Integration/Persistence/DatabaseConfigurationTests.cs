using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Persistence;

/// <summary>A wrong database setting stops start-up with one message that names the key, and nothing is written.</summary>
public class DatabaseConfigurationTests
{
    [Theory]
    [InlineData("Oracle", null, "QwenHelp:Database:Provider is 'Oracle'")]
    [InlineData("PostgreSQL", null, "ConnectionStrings:QwenHelp is required when QwenHelp:Database:Provider is PostgreSQL")]
    [InlineData("SqlServer", "", "ConnectionStrings:QwenHelp is required when QwenHelp:Database:Provider is SqlServer")]
    [InlineData("PostgreSQL", "Hots=db;Databse=qwenhelp", "ConnectionStrings:QwenHelp is not a valid PostgreSQL connection string")]
    [InlineData("SqlServer", "Sevrer=db", "ConnectionStrings:QwenHelp is not a valid SqlServer connection string")]
    public void AWrongDatabaseSettingStopsStartUpNamingTheKeyAndWritesNothing(string provider, string? connectionString, string expected)
    {
        using var data = new TempDataFolder();
        var settings = new Dictionary<string, string> { ["QwenHelp:Database:Provider"] = provider };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:QwenHelp"] = connectionString;
        }

        using var app = new DataFolderAppFactory(data.Path, settings);
        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(expected, LegacyDatabaseUpgradeTests.Flatten(failure));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void APostgreSqlServerThatCannotBeReachedStopsStartUpNamingTheConnectionStringKey()
    {
        using var data = new TempDataFolder();
        using var app = new DataFolderAppFactory(data.Path, new Dictionary<string, string>
        {
            ["QwenHelp:Database:Provider"] = "PostgreSQL",
            // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
            ["ConnectionStrings:QwenHelp"] = "Host=127.0.0.1;Port=1;Database=qwenhelp;Username=qwenhelp;Password=wrong;Timeout=5",
        });

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("The PostgreSQL database named by ConnectionStrings:QwenHelp cannot be used", LegacyDatabaseUpgradeTests.Flatten(failure));
    }
}
