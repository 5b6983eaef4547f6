using Microsoft.Extensions.Logging;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Jobs;

namespace QwenHelp.Infrastructure.Knowledge.Editing;

/// <summary>
/// Re-indexes knowledge documents in the background (after a change of chunking settings, or to
/// repair one document): each document is cut into chunks again and indexed through
/// <see cref="DocumentService"/>, then every passage still without a vector is embedded. One run
/// at a time; its progress is published for the knowledge editor's progress bar, and survives the
/// admin leaving the page.
/// </summary>
public sealed partial class KnowledgeReindexer(DocumentService documents, Search.KnowledgeIndex index, TimeProvider clock, ILogger<KnowledgeReindexer> logger)
    : OneAtATimeWorker<int?, ReindexProgress>(ReindexProgress.Idle)
{
    /// <summary>Starts re-indexing one document, or all of them (null).</summary>
    /// <returns>False when a run is already going or waiting.</returns>
    public bool Start(int? documentId) => TryStart(documentId, ReindexProgress.Idle with { State = ReindexState.Queued });

    protected override bool IsBusy(ReindexProgress progress) => progress.State is ReindexState.Queued or ReindexState.Running;

    protected override ReindexProgress Failed(int? documentId, ReindexProgress current, Exception exception)
    {
        LogFailed(exception);
        return current with { State = ReindexState.Failed, Error = exception.Message, FinishedAt = clock.GetUtcNow() };
    }

    protected override async Task RunAsync(int? documentId, CancellationToken cancellationToken)
    {
        var ids = documentId is { } one ? [one] : (await documents.ListAsync(cancellationToken)).Select(d => d.Id).ToList();
        var progress = ReindexProgress.Idle with { State = ReindexState.Running, Total = ids.Count, StartedAt = clock.GetUtcNow() };
        Publish(progress);
        var chunks = 0;
        foreach (var id in ids)
        {
            var document = await documents.FindAsync(id, cancellationToken);
            if (document is not null)
            {
                progress = progress with { Current = document.Title };
                Publish(progress);
                var saved = await documents.UpdateAsync(id, new DocumentInput(document.Title, document.Content, document.Category, document.Language, document.Enabled), cancellationToken);
                chunks += saved.Document?.Chunks.Count ?? 0;
            }

            progress = progress with { Done = progress.Done + 1, Chunks = chunks };
            Publish(progress);
        }

        progress = progress with { Current = null, Embedding = true };
        Publish(progress);
        try
        {
            var embedded = await index.EmbedPendingAsync(int.MaxValue, new Progress<int>(n => Publish(Progress with { Embedded = n })), cancellationToken);
            progress = progress with { Embedded = embedded };
        }
        catch (EmbeddingException e)
        {
            progress = progress with { Error = e.Message };
        }

        Publish(progress with { State = ReindexState.Completed, Embedding = false, FinishedAt = clock.GetUtcNow() });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-indexing the knowledge documents failed")]
    private partial void LogFailed(Exception exception);
}

public enum ReindexState
{
    Idle,
    Queued,
    Running,
    Completed,
    Failed,
}

/// <param name="Total">Documents to re-index.</param>
/// <param name="Done">Documents re-indexed so far.</param>
/// <param name="Current">The document being re-indexed.</param>
/// <param name="Chunks">Chunks the re-indexed documents were cut into.</param>
/// <param name="Embedding">The documents are done; passages without a vector are being embedded.</param>
/// <param name="Embedded">Passages given a vector.</param>
/// <param name="Error">Why embedding (or the run) failed; the keyword index is complete all the same.</param>
public sealed record ReindexProgress(ReindexState State, int Total, int Done, string? Current, int Chunks, bool Embedding, int Embedded, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static ReindexProgress Idle { get; } = new(ReindexState.Idle, 0, 0, null, 0, false, 0, null, null, null);

    /// <summary>0..100 for the progress bar.</summary>
    public double Percent => State == ReindexState.Completed ? 100 : Total == 0 ? 0 : Math.Round(100.0 * Done / Total, 1);
}
