using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Datasets;

/// <summary>The scheduled fine-tuning dataset export (configured mix and size, both languages) into the exports folder.</summary>
public sealed class ExportDatasetJob(DatasetExporter exporter, IOptions<DatasetOptions> options) : IBackgroundJob
{
    public const string JobKey = "export-dataset";

    public string Key => JobKey;

    public string DefaultCron => options.Value.Cron;

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Report(0, 1, "exporting");
        var result = await exporter.ExportToFileAsync(exporter.DefaultRequest, cancellationToken);
        context.Report(1, 1, "exported");
        return new JobOutcome(result.Summary);
    }
}
