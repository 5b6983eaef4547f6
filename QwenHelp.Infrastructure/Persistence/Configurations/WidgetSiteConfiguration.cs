using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Domain.Widget;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class WidgetSiteConfiguration : IEntityTypeConfiguration<WidgetSite>
{
    public void Configure(EntityTypeBuilder<WidgetSite> builder)
    {
        builder.ToTable("widget_sites");
        builder.Property(s => s.AllowedOrigins).HasJsonConversion();
        builder.Property(s => s.GreetingPages).HasJsonConversion();
        builder.HasIndex(s => s.Key).IsUnique();
    }
}
