using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>The DbContext on the configured provider, each provider with its own migrations assembly (docs/decisions/0100).</summary>
internal static class DatabaseSetup
{
    public const string SqliteMigrations = "QwenHelp.Migrations.Sqlite";
    public const string PostgreSqlMigrations = "QwenHelp.Migrations.PostgreSql";
    public const string SqlServerMigrations = "QwenHelp.Migrations.SqlServer";

    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddSingleton<DataPaths>();
        services.AddSingleton<AuditableEntityInterceptor>();
        services.AddSingleton<SqliteConnectionSetup>();
        services.AddDbContextFactory<QwenHelpDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            UseConfiguredProvider(options, database, provider.GetRequiredService<DataPaths>());
            options.AddInterceptors(provider.GetRequiredService<AuditableEntityInterceptor>());
            if (database.Kind == DatabaseProvider.Sqlite)
            {
                options.AddInterceptors(provider.GetRequiredService<SqliteConnectionSetup>());
            }
        });
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>Points <paramref name="options"/> at the configured database and its provider's migrations.</summary>
    public static void UseConfiguredProvider(DbContextOptionsBuilder options, DatabaseOptions database, DataPaths paths)
    {
        switch (database.Kind)
        {
            case DatabaseProvider.PostgreSQL:
                options.UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrations));
                break;
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(database.ConnectionString, sqlServer => sqlServer.MigrationsAssembly(SqlServerMigrations));
                break;
            default:
                options.UseSqlite(paths.ConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrations));
                break;
        }
    }
}
