using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Infrastructure.Persistence.Tables;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class SearchIndexStateRowConfiguration : IEntityTypeConfiguration<SearchIndexStateRow>
{
    public void Configure(EntityTypeBuilder<SearchIndexStateRow> builder)
    {
        builder.ToTable("search_index_state");
        builder.HasKey(r => r.Name);
    }
}

public sealed class PassageVectorRowConfiguration : IEntityTypeConfiguration<PassageVectorRow>
{
    public void Configure(EntityTypeBuilder<PassageVectorRow> builder)
    {
        builder.ToTable("passage_vectors");
        builder.HasKey(r => new { r.Kind, r.SourceId, r.ModelId });
    }
}
