using System.Collections.Concurrent;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>
/// Group commit for one kind of write: callers queue their item and wait; whoever holds the write
/// gate takes everything queued so far (up to <c>maxBatch</c>) and stores it in one transaction, then
/// answers every waiter. A caller is answered only after its item's transaction committed, so nothing
/// is reported stored that is not (docs/decisions/0042). Waiting is asynchronous: no thread sleeps on
/// SQLite's write lock, which Microsoft.Data.Sqlite would do for 150 ms at a time. If a batch fails,
/// each of its items is tried again alone, so one bad item fails only its own caller.
/// There is no background task: the waiters take turns at the gate and do the work themselves.
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IDisposable
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _writeBatch;
    private readonly int _maxBatch;
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="writeBatch">Stores the items in one transaction and returns one result per item, in order.</param>
    /// <param name="maxBatch">The most items in one transaction.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> writeBatch, int maxBatch = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _writeBatch = writeBatch;
        _maxBatch = maxBatch;
    }

    /// <summary>Stores the item (with whatever else is waiting) and returns its result once committed.</summary>
    /// <remarks>Not cancellable once queued: a turn that is being stored is stored, whether or not its caller still listens.</remarks>
    public async Task<TResult> WriteAsync(TItem item)
    {
        var pending = new Pending(item);
        _queue.Enqueue(pending);
        await _gate.WaitAsync();
        try
        {
            // An earlier holder of the gate may already have stored this item with its own batch.
            while (!pending.Result.Task.IsCompleted)
            {
                await WriteQueuedAsync();
            }
        }
        finally
        {
            _gate.Release();
        }

        return await pending.Result.Task;
    }

    /// <summary>Holds the write gate for another write to the same tables, so it does not contend with the batches.</summary>
    public async Task<IDisposable> ExclusiveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private async Task WriteQueuedAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < _maxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var results = await _writeBatch([.. batch.Select(p => p.Item)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // Which item broke the transaction is unknown: store each alone, so the others still succeed.
            foreach (var single in batch)
            {
                try
                {
                    single.Result.TrySetResult((await _writeBatch([single.Item]))[0]);
                }
                catch (Exception ex)
                {
                    single.Result.TrySetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            batch[0].Result.TrySetException(ex);
        }
    }

    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
