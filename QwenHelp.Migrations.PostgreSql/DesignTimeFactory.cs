using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Migrations.PostgreSql;

/// <summary>What <c>dotnet ef migrations add --project QwenHelp.Migrations.PostgreSql</c> builds the model with; it never opens the database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QwenHelpDbContext>
{
    public QwenHelpDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<QwenHelpDbContext>()
        .UseNpgsql("Host=localhost;Database=qwenhelp", npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
