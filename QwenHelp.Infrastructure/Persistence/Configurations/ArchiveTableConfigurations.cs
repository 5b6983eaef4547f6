using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Infrastructure.Persistence.Tables;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class ArchiveFileRowConfiguration : IEntityTypeConfiguration<ArchiveFileRow>
{
    public void Configure(EntityTypeBuilder<ArchiveFileRow> builder)
    {
        builder.ToTable("archive_files");
        // The archiver's INSERT leaves it out: a file starts restored zero times.
        builder.Property(r => r.RestoredCount).HasDefaultValue(0L);
        builder.HasIndex(r => r.FileName).IsUnique();
        builder.HasIndex(r => new { r.Day, r.Part }).IsUnique();
    }
}

public sealed class ArchivedConversationRowConfiguration : IEntityTypeConfiguration<ArchivedConversationRow>
{
    public void Configure(EntityTypeBuilder<ArchivedConversationRow> builder)
    {
        builder.ToTable("archived_conversations");
        builder.HasKey(r => new { r.ArchiveId, r.ConversationId });
        builder.HasOne<ArchiveFileRow>().WithMany().HasForeignKey(r => r.ArchiveId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.ConversationId).HasDatabaseName("ix_archived_conversations_conversation");
    }
}

public sealed class RestoredConversationRowConfiguration : IEntityTypeConfiguration<RestoredConversationRow>
{
    public void Configure(EntityTypeBuilder<RestoredConversationRow> builder)
    {
        builder.ToTable("restored_conversations");
        builder.HasKey(r => r.ConversationId);
    }
}
