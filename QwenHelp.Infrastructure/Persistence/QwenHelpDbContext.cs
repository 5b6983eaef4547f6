using System.Text;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.ApiAccess;
using QwenHelp.Domain.Auditing;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Tools;
using QwenHelp.Domain.Widget;
using QwenHelp.Infrastructure.Identity;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// The application's tables (snake_case names, times as Unix milliseconds). The schema comes from
/// this model through each provider's EF Core migrations (QwenHelp.Migrations.*, docs/database.md);
/// tables that code reads with SQL of its own are mapped too (Persistence/Tables), so that every
/// provider gets them.
/// </summary>
public sealed class QwenHelpDbContext(DbContextOptions<QwenHelpDbContext> options) : DbContext(options)
{
    public DbSet<FaqEntry> FaqEntries => Set<FaqEntry>();

    public DbSet<KnowledgeDocument> KnowledgeDocuments => Set<KnowledgeDocument>();

    public DbSet<KnowledgeChunk> KnowledgeChunks => Set<KnowledgeChunk>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Feedback> Feedback => Set<Feedback>();

    public DbSet<StaffUser> StaffUsers => Set<StaffUser>();

    public DbSet<WidgetSite> WidgetSites => Set<WidgetSite>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<TurnMetrics> TurnMetrics => Set<TurnMetrics>();

    public DbSet<ToolCallRecord> ToolCalls => Set<ToolCallRecord>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<KnowledgeDocumentVersion> KnowledgeDocumentVersions => Set<KnowledgeDocumentVersion>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset text; Unix milliseconds it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(QwenHelpDbContext).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }

        if (Database.IsSqlServer())
        {
            SqlServerModel.Apply(modelBuilder);
        }
    }

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
