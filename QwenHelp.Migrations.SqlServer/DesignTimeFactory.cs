using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Migrations.SqlServer;

/// <summary>What <c>dotnet ef migrations add --project QwenHelp.Migrations.SqlServer</c> builds the model with; it never opens the database.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<QwenHelpDbContext>
{
    public QwenHelpDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<QwenHelpDbContext>()
        .UseSqlServer("Server=localhost;Database=qwenhelp;Integrated Security=true;TrustServerCertificate=true", sqlServer => sqlServer.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
