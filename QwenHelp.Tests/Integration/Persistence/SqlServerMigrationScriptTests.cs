using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Tests.Integration.Persistence;

/// <summary>
/// SQL Server cannot run on these machines (no package, no image), so its migrations are checked
/// the way an operator would apply them: as the idempotent script (<c>dotnet ef migrations script --idempotent</c>).
/// </summary>
public class SqlServerMigrationScriptTests
{
    [Fact]
    public void TheIdempotentSqlServerScriptCreatesEveryTableOnceEachMigrationIsGuarded()
    {
        var options = new DbContextOptionsBuilder<QwenHelpDbContext>()
            .UseSqlServer("Server=unused;Database=qwenhelp;TrustServerCertificate=true", sql => sql.MigrationsAssembly(DatabaseSetup.SqlServerMigrations))
            .Options;
        using var db = new QwenHelpDbContext(options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        foreach (var migration in migrations)
        {
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script);
        }

        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        Assert.DoesNotContain("fts5", script, StringComparison.OrdinalIgnoreCase);
    }
}
