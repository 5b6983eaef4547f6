using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Vectors;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Builds the vectors of the configured embedder for every passage that lacks a current one (the
/// embedding model or dimension changed, passages were added while the embedder was down, or their
/// text changed behind the index's back), in committed batches with progress. Killed or cancelled,
/// it continues where it stopped on its next run: what is committed is kept, what is missing is
/// found again. Queries keep being answered by the vectors that serve now (the previous embedder's
/// after a settings change) until the new set is complete; then one switch (docs/decisions/0063).
/// </summary>
public sealed class ReembeddingJob(KnowledgeIndex index, PassageEmbedder embedder, VectorStore vectorStore, IDbContextFactory<QwenHelpDbContext> dbFactory,
    IOptions<JobsOptions> options) : IBackgroundJob
{
    public const string JobKey = "reembed";

    public string Key => JobKey;

    public string DefaultCron => "0 30 2 * * ?";

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        EmbeddingSpace space;
        try
        {
            space = await embedder.GetSpaceAsync(cancellationToken);
        }
        catch (EmbeddingException e)
        {
            // Passing (a server restarting): Hangfire tries again with backoff (JobRetryPolicy).
            throw new TransientJobException($"The embedder cannot be reached, nothing was changed: {e.Message}", e);
        }

        await index.EnsureLoadedAsync(cancellationToken);
        var servedBefore = index.Serving?.Space;
        VectorCoverage coverage;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            coverage = await vectorStore.GetCoverageAsync(connection, space.ModelId, space.Dimension, cancellationToken);
        }

        var batch = options.Value.ReembedBatchSize;
        context.Report(0, coverage.Pending, "embedding");
        var embedded = await index.EmbedPendingAsync(int.MaxValue, new SyncProgress<int>(n => context.Report(n, coverage.Pending, "embedding")), cancellationToken, batch);
        var stale = await index.ReembedStaleAsync(batch, new SyncProgress<(int Checked, int Total)>(p => context.Report(p.Checked, p.Total, "checking")), cancellationToken);
        await index.SwitchIfCompleteAsync(space, cancellationToken);

        var parts = new List<string>();
        if (embedded > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"Embedded {embedded} of {coverage.Pending} passages without a vector of {space}"));
        }

        if (stale > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"re-embedded {stale} passages whose text had changed"));
        }

        if (index.Serving?.Space is { } servedNow && servedBefore is not null && servedNow != servedBefore)
        {
            parts.Add($"switched queries from {servedBefore} to {servedNow}");
        }

        if (embedded < coverage.Pending)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{coverage.Pending - embedded} could not be embedded and wait for the next run"));
        }

        return new JobOutcome(parts.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Nothing to do: all {coverage.Passages} passages have a current vector of {space}")
            : string.Join("; ", parts));
    }
}

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to a thread-pool item and may report after the run ended).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
