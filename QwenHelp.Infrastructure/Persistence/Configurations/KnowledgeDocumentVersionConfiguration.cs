using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

/// <summary>Written only by the database's triggers (each provider's first migration); the application reads them.</summary>
public sealed class KnowledgeDocumentVersionConfiguration : IEntityTypeConfiguration<KnowledgeDocumentVersion>
{
    public void Configure(EntityTypeBuilder<KnowledgeDocumentVersion> builder)
    {
        builder.ToTable("knowledge_document_versions");
        builder.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.DocumentId, v.Version }).IsUnique();
    }
}
