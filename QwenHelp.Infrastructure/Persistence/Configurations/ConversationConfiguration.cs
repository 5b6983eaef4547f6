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
    }
}
