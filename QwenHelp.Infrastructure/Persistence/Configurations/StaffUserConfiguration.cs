using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Infrastructure.Identity;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.ToTable("staff_users");
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Roles).HasJsonConversion();
        builder.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(u => u.NormalizedUserName).IsUnique();
    }
}
