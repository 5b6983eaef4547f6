using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Loads the in-memory retrieval indexes before the web server takes requests (it starts after the
/// database is migrated, seeded and its keyword index checked), and embeds the passages that have no
/// vector of the configured embedder when they are few (an upgrade, an embedder that was down);
/// more than <see cref="RetrievalOptions.EmbedPendingOnStartLimit"/> are left to re-embedding and the
/// vector index is marked stale.
/// </summary>
public sealed partial class RetrievalIndexLoader(KnowledgeIndex index, IOptions<RetrievalOptions> options, ILogger<RetrievalIndexLoader> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await index.EnsureLoadedAsync(cancellationToken);
        if (index.Coverage is { Pending: > 0 } coverage && coverage.Pending <= options.Value.EmbedPendingOnStartLimit)
        {
            try
            {
                var embedded = await index.EmbedPendingAsync(coverage.Pending, null, cancellationToken);
                LogEmbedded(embedded, coverage.Pending);
            }
            catch (Embeddings.EmbeddingException e)
            {
                LogEmbedFailed(e.Message);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Embedded} of {Pending} passages that had no vector of the configured embedder")]
    private partial void LogEmbedded(int embedded, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed the passages without a vector at start-up; keyword search answers for them: {Reason}")]
    private partial void LogEmbedFailed(string reason);
}
