using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class FaqEntryConfiguration : IEntityTypeConfiguration<FaqEntry>
{
    public void Configure(EntityTypeBuilder<FaqEntry> builder)
    {
        builder.ToTable("faq_entries");
        builder.Property(e => e.AlternateQuestions).HasJsonConversion();
        builder.HasIndex(e => e.Key).IsUnique();
        builder.HasIndex(e => new { e.Category, e.Language }).HasDatabaseName("ix_faq_entries_category_language");
    }
}
