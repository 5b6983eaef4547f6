using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("conversations");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.PinnedFacts).HasJsonConversion();
        builder.HasMany(c => c.Messages).WithOne(m => m.Conversation).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Feedback).WithOne().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CreatedAt).HasDatabaseName("ix_conversations_created");
        builder.HasIndex(c => c.UpdatedAt).HasDatabaseName("ix_conversations_updated");
        builder.HasIndex(c => c.VisitorId).HasDatabaseName("ix_conversations_visitor");
        builder.HasIndex(c => c.State).HasDatabaseName("ix_conversations_state");
    }
}
