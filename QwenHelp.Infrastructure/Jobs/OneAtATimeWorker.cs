using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Runs operations an admin starts from a page in the background, one at a time, and publishes the
/// latest progress so the page can show a progress bar that survives leaving it. A start while an
/// operation is queued or running is refused, not queued behind it.
/// </summary>
/// <typeparam name="TRequest">What to run.</typeparam>
/// <typeparam name="TProgress">An immutable progress record; the last one published is <see cref="Progress"/>.</typeparam>
public abstract class OneAtATimeWorker<TRequest, TProgress>(TProgress idle) : BackgroundService
    where TProgress : class
{
    private readonly Channel<TRequest> _queue = Channel.CreateBounded<TRequest>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private TProgress _progress = idle;

    /// <summary>Raised (on the worker's thread) whenever the progress changes.</summary>
    public event Action<TProgress>? Changed;

    public TProgress Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress;
            }
        }
    }

    /// <summary>Whether this progress means an operation is queued or running.</summary>
    protected abstract bool IsBusy(TProgress progress);

    /// <summary>Runs one operation, publishing its progress, including the final one.</summary>
    protected abstract Task RunAsync(TRequest request, CancellationToken cancellationToken);

    /// <summary>The progress to publish when <see cref="RunAsync"/> threw (log it here); the worker goes on with the next request.</summary>
    protected abstract TProgress Failed(TRequest request, TProgress current, Exception exception);

    /// <summary>Queues the request and publishes <paramref name="queued"/>; false when an operation is already queued or running.</summary>
    protected bool TryStart(TRequest request, TProgress queued)
    {
        lock (_gate)
        {
            if (IsBusy(_progress) || !_queue.Writer.TryWrite(request))
            {
                return false;
            }

            Publish(queued);
            return true;
        }
    }

    protected void Publish(TProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
        }

        Changed?.Invoke(progress);
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(request, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed run must not stop the worker: the page shows why, and the next request may succeed.
                Publish(Failed(request, Progress, e));
            }
        }
    }
}
