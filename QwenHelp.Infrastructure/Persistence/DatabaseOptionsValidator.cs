using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;
using Npgsql;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Stops start-up, before anything touches a database, when the provider name is unknown or a
/// server database has no usable connection string. Each message names the key to fix.
/// </summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var known = Enum.GetNames<DatabaseProvider>();
        if (!known.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ProviderKey} is '{options.Provider}'; use one of {string.Join(", ", known)}.");
        }

        var provider = options.Kind;

        if (provider == DatabaseProvider.Sqlite)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is required when {DatabaseOptions.ProviderKey} is {provider}.");
        }

        try
        {
            _ = provider == DatabaseProvider.PostgreSQL
                ? (DbConnectionStringBuilder)new NpgsqlConnectionStringBuilder(options.ConnectionString)
                : new SqlConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid {provider} connection string: {exception.Message}");
        }
    }
}
