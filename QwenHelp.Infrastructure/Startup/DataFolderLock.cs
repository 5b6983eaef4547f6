namespace QwenHelp.Infrastructure.Startup;

/// <summary>
/// An exclusive lock on a file in the data folder, held across processes: two QwenHelp instances
/// started on the same data folder prepare it one after the other, so the second sees the first's
/// migrations, admin and demo data instead of racing to create them again.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static async Task<DataFolderLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) on Linux.
                return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
