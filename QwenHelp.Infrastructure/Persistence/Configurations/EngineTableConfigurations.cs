using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence.Tables;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class EngineSettingRowConfiguration : IEntityTypeConfiguration<EngineSettingRow>
{
    public void Configure(EntityTypeBuilder<EngineSettingRow> builder)
    {
        builder.ToTable("engine_settings");
        builder.HasKey(r => r.Key);
    }
}

public sealed class KnowledgeBaseVersionRowConfiguration : IEntityTypeConfiguration<KnowledgeBaseVersionRow>
{
    public void Configure(EntityTypeBuilder<KnowledgeBaseVersionRow> builder)
    {
        builder.ToTable("knowledge_base_version", table => table.HasCheckConstraint("ck_knowledge_base_version_one_row", "id = 1"));
        builder.Property(r => r.Id).ValueGeneratedNever();
        // The one row exists from the start: the version is bumped with UPDATE ... RETURNING, never inserted.
        builder.HasData(new KnowledgeBaseVersionRow { Id = 1, Version = 1 });
    }
}

public sealed class AgentAssignmentRowConfiguration : IEntityTypeConfiguration<AgentAssignmentRow>
{
    public void Configure(EntityTypeBuilder<AgentAssignmentRow> builder)
    {
        builder.ToTable("agent_assignments");
        builder.HasKey(r => r.ConversationId);
        builder.HasOne<Conversation>().WithOne().HasForeignKey<AgentAssignmentRow>(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.Agent).HasDatabaseName("ix_agent_assignments_agent");
    }
}

public sealed class AnalyticsDailyRowConfiguration : IEntityTypeConfiguration<AnalyticsDailyRow>
{
    public void Configure(EntityTypeBuilder<AnalyticsDailyRow> builder)
    {
        builder.ToTable("analytics_daily");
        builder.HasKey(r => new { r.Day, r.TimeZone });
    }
}
