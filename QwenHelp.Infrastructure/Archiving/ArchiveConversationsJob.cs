using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>The scheduled archiving run (daily at 03:30 UTC unless <c>QwenHelp:Archiving:Cron</c> says otherwise).</summary>
public sealed class ArchiveConversationsJob(ConversationArchiver archiver, IOptions<ArchivingOptions> options) : IBackgroundJob
{
    public const string JobKey = "archive-conversations";

    public string Key => JobKey;

    public string DefaultCron => options.Value.Cron;

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await archiver.ArchiveAsync(context, cancellationToken);
        return new JobOutcome(result.Summary);
    }
}
