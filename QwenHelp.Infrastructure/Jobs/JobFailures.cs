using System.Data.Common;
using Microsoft.Data.Sqlite;
using QwenHelp.Infrastructure.Embeddings;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Tells a failure that may pass by itself (the database was busy, the embedder server could not be
/// reached) from one that will not (disk full, a corrupt archive, a bug): only the first kind is
/// tried again. Anything not known to pass is treated as lasting, so a broken job stops with its
/// reason instead of failing in a loop.
/// </summary>
public static class JobFailures
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TransientJobException:
                case TimeoutException:
                case HttpRequestException:
                case EmbeddingException:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case DbException { IsTransient: true }:
                    return true;
            }
        }

        return false;
    }
}

/// <summary>Thrown by a job for a failure that a later attempt may not meet (a server down for now); the run is tried again with backoff.</summary>
public sealed class TransientJobException : Exception
{
    public TransientJobException()
    {
    }

    public TransientJobException(string message)
        : base(message)
    {
    }

    public TransientJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
