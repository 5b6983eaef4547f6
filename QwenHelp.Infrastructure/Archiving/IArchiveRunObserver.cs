namespace QwenHelp.Infrastructure.Archiving;

/// <summary>The points of an archive file's life between writing it and deleting its conversations.</summary>
public enum ArchiveStage
{
    /// <summary>The file is on disk under its final name; no manifest row yet.</summary>
    FileWritten,

    /// <summary>The manifest row is committed; the file is not verified yet.</summary>
    Recorded,

    /// <summary>The file was read back and matched the manifest; the conversations are still live.</summary>
    Verified,
}

/// <summary>
/// Told at each <see cref="ArchiveStage"/>. The product registers one that does nothing; the tests
/// use it as a seam to cut a run off at exactly that point (a crash between writing and deleting).
/// </summary>
public interface IArchiveRunObserver
{
    Task OnStageAsync(ArchiveStage stage, string fileName, CancellationToken cancellationToken);
}

internal sealed class NoArchiveRunObserver : IArchiveRunObserver
{
    public Task OnStageAsync(ArchiveStage stage, string fileName, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>One archiving or restoring run at a time in this process (the job, the page and the CLI share it).</summary>
public sealed class ArchiveLock : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
