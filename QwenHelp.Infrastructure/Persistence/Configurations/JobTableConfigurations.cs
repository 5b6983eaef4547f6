using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QwenHelp.Infrastructure.Persistence.Tables;

namespace QwenHelp.Infrastructure.Persistence.Configurations;

public sealed class JobScheduleRowConfiguration : IEntityTypeConfiguration<JobScheduleRow>
{
    public void Configure(EntityTypeBuilder<JobScheduleRow> builder)
    {
        builder.ToTable("job_schedules");
        builder.HasKey(r => r.JobKey);
    }
}

public sealed class JobRunRowConfiguration : IEntityTypeConfiguration<JobRunRow>
{
    public void Configure(EntityTypeBuilder<JobRunRow> builder)
    {
        builder.ToTable("job_runs");
        builder.HasIndex(r => new { r.JobKey, r.Id }).IsDescending(false, true).HasDatabaseName("ix_job_runs_job");
        // Start-up looks for runs a dead process left 'running'; the partial index keeps that lookup small.
        builder.HasIndex(r => r.Outcome).HasFilter("outcome = 'running'").HasDatabaseName("ix_job_runs_outcome");
    }
}

public sealed class JobStateRowConfiguration : IEntityTypeConfiguration<JobStateRow>
{
    public void Configure(EntityTypeBuilder<JobStateRow> builder)
    {
        builder.ToTable("job_state");
        builder.HasKey(r => new { r.JobKey, r.Name });
    }
}
