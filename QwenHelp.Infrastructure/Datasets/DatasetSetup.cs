using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Datasets;

public static class DatasetSetup
{
    /// <summary>The fine-tuning dataset export and its background job.</summary>
    public static IHostApplicationBuilder AddDatasetExport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DatasetExporter>();
        builder.Services.AddSingleton<IBackgroundJob, ExportDatasetJob>();
        return builder;
    }
}
