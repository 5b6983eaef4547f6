using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Jobs;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Search.Evaluation;
using QwenHelp.Infrastructure.Vectors;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench reembed --chunks 100000 [--batch 256] [--seed 42]</c>: a synthetic corpus indexed into an
/// isolated database, every vector deleted, then the re-embedding job run over it as the scheduler
/// runs it (committed batches, then the stale-text check); prints its throughput in chunks per second.
/// </summary>
public sealed class BenchReembedCommand : ICliCommand
{
    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "chunks", "batch", "seed" };
    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "help" };

    public string Verb => "bench reembed";

    public string Summary => "Measure re-embedding throughput: --chunks 100000 [--batch 256] [--seed 42]";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args, Options, Flags, out var argumentError);
        var chunks = 100_000;
        var batch = 256;
        var seed = 42;
        if (argumentError is null && arguments.Get("chunks") is { } c && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out chunks) || chunks is < 50 or > 10_000_000))
        {
            argumentError = $"--chunks takes a number from 50 to 10,000,000, not '{c}'.";
        }

        if (argumentError is null && arguments.Get("batch") is { } b && (!int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out batch) || batch is < 1 or > 10_000))
        {
            argumentError = $"--batch takes a number from 1 to 10,000, not '{b}'.";
        }

        if (argumentError is null && arguments.Get("seed") is { } s && !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            argumentError = $"--seed takes a whole number, not '{s}'.";
        }

        if (argumentError is not null || arguments.Has("help"))
        {
            await errors.WriteLineAsync(argumentError);
            await errors.WriteLineAsync("Usage: bench reembed --chunks 100000 [--batch 256] [--seed 42] [--QwenHelp:Section:Key=value ...]");
            return arguments.Has("help") && argumentError is null ? 0 : 2;
        }

        await errors.WriteLineAsync($"bench reembed: {chunks:N0} chunks (an isolated database; nothing of the app's is touched)");
        await using var engine = await IsolatedRetrieval.CreateAsync(arguments.Settings, null, cancellationToken);
        var space = await engine.Get<PassageEmbedder>().GetSpaceAsync(cancellationToken);
        var index = engine.Get<KnowledgeIndex>();
        await index.EnsureLoadedAsync(cancellationToken);

        var documents = engine.Get<DocumentService>();
        var pending = new List<Domain.Knowledge.KnowledgeDocument>();
        foreach (var document in new SyntheticCorpus(seed).Documents(chunks))
        {
            pending.Add(document);
            if (pending.Count * SyntheticCorpus.SectionsPerDocument >= 1000)
            {
                await documents.AddManyAsync(pending, cancellationToken);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            await documents.AddManyAsync(pending, cancellationToken);
        }

        // As after a change of embedder: no passage has a vector of the configured one.
        var dbFactory = engine.Get<IDbContextFactory<QwenHelpDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM passage_vectors", cancellationToken);
        }

        await index.ReloadAsync(cancellationToken);
        await errors.WriteLineAsync("  corpus built; vectors deleted; re-embedding");

        var job = new ReembeddingJob(index, engine.Get<PassageEmbedder>(), engine.Get<VectorStore>(), dbFactory,
            Microsoft.Extensions.Options.Options.Create(new JobsOptions { ReembedBatchSize = batch }));
        var stages = new Dictionary<string, double>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        string? stage = null;
        var stageStarted = started;
        var nextReport = 10_000L;
        var progress = new Reporter(p =>
        {
            if (p.Stage != stage)
            {
                if (stage is not null)
                {
                    stages[stage] = Stopwatch.GetElapsedTime(stageStarted).TotalSeconds;
                }

                stage = p.Stage;
                stageStarted = Stopwatch.GetTimestamp();
            }

            if (p.Stage == "embedding" && p.Done >= nextReport)
            {
                errors.WriteLine($"  embedded {p.Done:N0} of {p.Total:N0}");
                nextReport += 10_000;
            }
        });
        var outcome = await job.RunAsync(new JobRunContext(progress), cancellationToken);
        var totalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (stage is not null)
        {
            stages[stage] = Stopwatch.GetElapsedTime(stageStarted).TotalSeconds;
        }

        int passages, vectors;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            passages = await db.KnowledgeChunks.CountAsync(cancellationToken) + await db.FaqEntries.CountAsync(cancellationToken);
            vectors = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM passage_vectors").SingleAsync(cancellationToken);
        }

        var embedSeconds = stages.GetValueOrDefault("embedding", totalSeconds);
        var checkSeconds = stages.GetValueOrDefault("checking");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench reembed: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, embedder {space}, batches of {batch}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{passages:N0} chunks: embedded and committed in {embedSeconds:0.0} s ({passages / embedSeconds:N0} chunks/s); stale-text check {checkSeconds:0.0} s; whole job {totalSeconds:0.0} s ({passages / totalSeconds:N0} chunks/s); {vectors:N0} vectors stored"));
        await output.WriteLineAsync($"  job summary: {outcome.Summary}");
        await output.WriteLineAsync(JsonSerializer.Serialize(new
        {
            command = "bench reembed",
            cores = Environment.ProcessorCount,
            embedder = space.ToString(),
            batch,
            chunks = passages,
            vectors,
            embedSeconds = Math.Round(embedSeconds, 2),
            chunksPerSecond = Math.Round(passages / embedSeconds, 1),
            checkSeconds = Math.Round(checkSeconds, 2),
            jobSeconds = Math.Round(totalSeconds, 2),
            jobChunksPerSecond = Math.Round(passages / totalSeconds, 1),
        }));
        return vectors == passages ? 0 : 1;
    }

    private sealed class Reporter(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
