using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Conversations;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class FeedbackConfiguration : IEntityTypeConfiguration<Feedback>
{
    public void Configure(EntityTypeBuilder<Feedback> builder)
    {
        builder.ToTable("feedback");
        builder.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(f => f.ConversationId).HasDatabaseName("ix_feedback_conversation");
        // Deleting a message looks for the rows that reference it: without this index archiving scans feedback whole.
        builder.HasIndex(f => f.MessageId).HasDatabaseName("ix_feedback_message");
    }
}
