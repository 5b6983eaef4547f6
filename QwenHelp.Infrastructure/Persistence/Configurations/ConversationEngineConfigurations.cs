using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Tools;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class TurnMetricsConfiguration : IEntityTypeConfiguration<TurnMetrics>
{
    public void Configure(EntityTypeBuilder<TurnMetrics> builder)
    {
        builder.ToTable("turn_metrics");
        builder.HasKey(m => m.MessageId);
        builder.Property(m => m.MessageId).ValueGeneratedNever();
        builder.Property(m => m.GuardrailActions).HasJsonConversion();
        // Defaults as the SQL schema before EF Core migrations had them, for SQL that leaves these columns out (bench archive).
        builder.Property(m => m.ToolFailures).HasDefaultValue(0);
        builder.Property(m => m.InjectionDetected).HasDefaultValue(false);
        builder.Property(m => m.CitationCheckFailed).HasDefaultValue(false);
        builder.HasOne<Message>().WithOne().HasForeignKey<TurnMetrics>(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.CreatedAt).HasDatabaseName("ix_turn_metrics_created");
        builder.HasIndex(m => m.ConversationId).HasDatabaseName("ix_turn_metrics_conversation");
    }
}

public sealed class ToolCallRecordConfiguration : IEntityTypeConfiguration<ToolCallRecord>
{
    public void Configure(EntityTypeBuilder<ToolCallRecord> builder)
    {
        builder.ToTable("tool_calls");
        builder.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.ConversationId).HasDatabaseName("ix_tool_calls_conversation");
        builder.HasIndex(c => c.CreatedAt).HasDatabaseName("ix_tool_calls_created");
        builder.HasIndex(c => c.MessageId).HasDatabaseName("ix_tool_calls_message");
    }
}

public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("tickets");
        builder.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(t => new { t.Status, t.CreatedAt }).HasDatabaseName("ix_tickets_status");
        builder.HasIndex(t => t.ConversationId).HasDatabaseName("ix_tickets_conversation");
    }
}
