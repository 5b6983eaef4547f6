using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// Runs what an admin starts on the Archives page (restore a file, archive now) in the background,
/// one at a time, and publishes its progress so that the page shows a progress bar that survives
/// leaving it.
/// </summary>
public sealed partial class ArchiveOperations(ConversationArchiver archiver, ArchiveRestorer restorer, TimeProvider clock, ILogger<ArchiveOperations> logger)
    : OneAtATimeWorker<ArchiveOperations.ArchiveRequest, ArchiveOperationProgress>(ArchiveOperationProgress.Idle)
{
    /// <summary>Queues a restore of archive <paramref name="archiveId"/>; false when an operation is already going.</summary>
    public bool StartRestore(long archiveId, string actor) => Start(new ArchiveRequest(ArchiveOperationKind.Restore, archiveId, actor));

    /// <summary>Queues an archiving run now; false when an operation is already going.</summary>
    public bool StartArchive(string actor) => Start(new ArchiveRequest(ArchiveOperationKind.Archive, null, actor));

    private bool Start(ArchiveRequest request) =>
        TryStart(request, ArchiveOperationProgress.Idle with { State = ArchiveOperationState.Queued, Kind = request.Kind, ArchiveId = request.ArchiveId });

    protected override bool IsBusy(ArchiveOperationProgress progress) => progress.State is ArchiveOperationState.Queued or ArchiveOperationState.Running;

    protected override async Task RunAsync(ArchiveRequest request, CancellationToken cancellationToken)
    {
        Publish(ArchiveOperationProgress.Idle with { State = ArchiveOperationState.Running, Kind = request.Kind, ArchiveId = request.ArchiveId, StartedAt = clock.GetUtcNow() });
        var context = new JobRunContext(new SyncProgress(p => Publish(Progress with { Done = p.Done, Total = p.Total })));
        var (summary, conversations, files) = request.Kind == ArchiveOperationKind.Restore
            ? await RestoreAsync(request, context, cancellationToken)
            : await ArchiveAsync(context, cancellationToken);
        Publish(Progress with { State = ArchiveOperationState.Completed, Summary = summary, Conversations = conversations, Files = files, FinishedAt = clock.GetUtcNow() });
    }

    protected override ArchiveOperationProgress Failed(ArchiveRequest request, ArchiveOperationProgress current, Exception exception)
    {
        LogFailed(exception, request.Kind);
        return current with { State = ArchiveOperationState.Failed, Error = exception.Message, FinishedAt = clock.GetUtcNow() };
    }

    private async Task<(string Summary, int Conversations, int Files)> RestoreAsync(ArchiveRequest request, JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await restorer.RestoreAsync(request.ArchiveId!.Value, request.Actor, context, cancellationToken);
        return (result.Summary, result.Restored, 1);
    }

    private async Task<(string Summary, int Conversations, int Files)> ArchiveAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var result = await archiver.ArchiveAsync(context, cancellationToken);
        return (result.Summary, result.Conversations + result.Recovered, result.Files.Count);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Archive operation {Kind} failed")]
    private partial void LogFailed(Exception exception, ArchiveOperationKind kind);

    /// <summary>An operation to run (nested in the class so the base class can name it; not used outside).</summary>
    public sealed record ArchiveRequest(ArchiveOperationKind Kind, long? ArchiveId, string Actor);

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}

public enum ArchiveOperationKind
{
    Archive,
    Restore,
}

public enum ArchiveOperationState
{
    Idle,
    Queued,
    Running,
    Completed,
    Failed,
}

/// <param name="Summary">The finished run's one-line summary (English, as the job history keeps it).</param>
/// <param name="Conversations">Conversations the finished run restored or archived.</param>
/// <param name="Files">Files it restored from or wrote.</param>
public sealed record ArchiveOperationProgress(ArchiveOperationState State, ArchiveOperationKind Kind, long? ArchiveId, long Done, long Total, string? Summary, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Conversations = 0, int Files = 0)
{
    public static ArchiveOperationProgress Idle { get; } = new(ArchiveOperationState.Idle, ArchiveOperationKind.Archive, null, 0, 0, null, null, null, null);

    /// <summary>0..100 for the progress bar.</summary>
    public double Percent => State == ArchiveOperationState.Completed ? 100 : Total == 0 ? 0 : Math.Round(100.0 * Done / Total, 1);
}
