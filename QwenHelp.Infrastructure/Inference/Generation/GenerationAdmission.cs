namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>
/// Admission to the shared model: at most N generations run at once and at most M wait; a request
/// beyond that is refused at once with <see cref="InferenceBusyException"/> instead of piling up.
/// </summary>
public sealed class GenerationAdmission(int maxConcurrent, int maxQueued) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);
    private int _admitted;

    public int MaxConcurrent => maxConcurrent;

    public int MaxQueued => maxQueued;

    /// <summary>Generations running or waiting now.</summary>
    public int InFlight => Volatile.Read(ref _admitted);

    /// <summary>Waits for a slot (or refuses at once when the queue is full); dispose the lease to free it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _admitted) > maxConcurrent + maxQueued)
        {
            Interlocked.Decrement(ref _admitted);
            throw new InferenceBusyException($"The language model is busy: {maxConcurrent} answer(s) in progress and {maxQueued} waiting. Try again in a moment.");
        }

        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _admitted);
            throw;
        }

        return new Lease(this);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Lease(GenerationAdmission queue) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                queue._slots.Release();
                Interlocked.Decrement(ref queue._admitted);
            }
        }
    }
}

/// <summary>Every generation slot and queue place is taken; try again later.</summary>
public sealed class InferenceBusyException : Exception
{
    public InferenceBusyException()
    {
    }

    public InferenceBusyException(string message)
        : base(message)
    {
    }

    public InferenceBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
