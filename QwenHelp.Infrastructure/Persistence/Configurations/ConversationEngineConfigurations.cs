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
    }
}

public sealed class ToolCallRecordConfiguration : IEntityTypeConfiguration<ToolCallRecord>
{
    public void Configure(EntityTypeBuilder<ToolCallRecord> builder) => builder.ToTable("tool_calls");
}

public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder) => builder.ToTable("tickets");
}
