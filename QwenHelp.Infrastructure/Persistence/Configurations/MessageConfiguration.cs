using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.Citations).HasJsonConversion();
        builder.HasIndex(m => new { m.ConversationId, m.Id }).HasDatabaseName("ix_messages_conversation");
    }
}
