using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Migrations.Sqlite;

/// <summary>What <c>dotnet ef migrations add --project QwenHelp.Migrations.Sqlite</c> builds the model with; it never opens the database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QwenHelpDbContext>
{
    public QwenHelpDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<QwenHelpDbContext>()
        .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
