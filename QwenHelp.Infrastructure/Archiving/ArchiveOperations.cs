using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// Runs what an admin starts on the Archives page (restore a file, archive now) in the background,
/// one at a time, and publishes its progress so that the page shows a progress bar that survives
/// leaving it.
/// </summary>
public sealed partial class ArchiveOperations(ConversationArchiver archiver, ArchiveRestorer restorer, TimeProvider clock, ILogger<ArchiveOperations> logger) : BackgroundService
{
    private readonly Channel<ArchiveRequest> _queue = Channel.CreateBounded<ArchiveRequest>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private ArchiveOperationProgress _progress = ArchiveOperationProgress.Idle;

    /// <summary>Raised (on the worker's thread) whenever the progress changes.</summary>
    public event Action<ArchiveOperationProgress>? Changed;

    public ArchiveOperationProgress Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress;
            }
        }
    }

    /// <summary>Queues a restore of archive <paramref name="archiveId"/>; false when an operation is already going.</summary>
    public bool StartRestore(long archiveId, string actor) => Start(new ArchiveRequest(ArchiveOperationKind.Restore, archiveId, actor));

    /// <summary>Queues an archiving run now; false when an operation is already going.</summary>
    public bool StartArchive(string actor) => Start(new ArchiveRequest(ArchiveOperationKind.Archive, null, actor));

    private bool Start(ArchiveRequest request)
    {
        lock (_gate)
        {
            if (_progress.State is ArchiveOperationState.Queued or ArchiveOperationState.Running || !_queue.Writer.TryWrite(request))
            {
                return false;
            }

            Publish(ArchiveOperationProgress.Idle with { State = ArchiveOperationState.Queued, Kind = request.Kind, ArchiveId = request.ArchiveId });
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var running = ArchiveOperationProgress.Idle with { State = ArchiveOperationState.Running, Kind = request.Kind, ArchiveId = request.ArchiveId, StartedAt = clock.GetUtcNow() };
            Publish(running);
            var context = new JobRunContext(new SyncProgress(p => Publish(Progress with { Done = p.Done, Total = p.Total })));
            try
            {
                var (summary, conversations, files) = request.Kind == ArchiveOperationKind.Restore
                    ? await RestoreAsync(request, context, stoppingToken)
                    : await ArchiveAsync(context, stoppingToken);
                Publish(Progress with { State = ArchiveOperationState.Completed, Summary = summary, Conversations = conversations, Files = files, FinishedAt = clock.GetUtcNow() });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed run must not stop the worker; the page shows why.
                LogFailed(e, request.Kind);
                Publish(Progress with { State = ArchiveOperationState.Failed, Error = e.Message, FinishedAt = clock.GetUtcNow() });
            }
        }
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

    private void Publish(ArchiveOperationProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
        }

        Changed?.Invoke(progress);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Archive operation {Kind} failed")]
    private partial void LogFailed(Exception exception, ArchiveOperationKind kind);

    private sealed record ArchiveRequest(ArchiveOperationKind Kind, long? ArchiveId, string Actor);

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
