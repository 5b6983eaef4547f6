using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// <c>bench retrieval</c> at one corpus size: indexes a synthetic corpus through the app's own write
/// path (chunker, analyzer, embedder, FTS5 and vector rows, in-memory indexes) into an isolated
/// database, then asks queries one at a time in each mode and reports build throughput, latency
/// percentiles and memory. FTS5's own <c>ORDER BY bm25()</c> over the same chunks is timed as a
/// reference (the reason keyword ranking runs from memory).
/// </summary>
public sealed class RetrievalBenchmark(IsolatedRetrieval engine)
{
    public async Task<BenchmarkResult> RunAsync(int chunks, int queries, int seed, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var corpus = new SyntheticCorpus(seed);
        var documents = engine.Get<DocumentService>();
        var index = engine.Get<KnowledgeIndex>();
        await index.EnsureLoadedAsync(cancellationToken);

        // Build, through DocumentService as an admin's uploads would go: the first tenth one document per
        // transaction (an upload), the rest in transactions of about 1,000 chunks (a bulk import).
        var started = Stopwatch.GetTimestamp();
        var indexed = 0;
        var nextReport = 10_000;
        var uploadChunks = Math.Max(SyntheticCorpus.SectionsPerDocument, chunks / 10);
        double? uploadSeconds = null;
        var batch = new List<Domain.Knowledge.KnowledgeDocument>();
        foreach (var document in corpus.Documents(chunks))
        {
            batch.Add(document);
            var batchChunks = batch.Count * SyntheticCorpus.SectionsPerDocument;
            if (indexed < uploadChunks || batchChunks >= 1000)
            {
                indexed += await AddAsync(documents, batch, cancellationToken);
                batch.Clear();
                if (uploadSeconds is null && indexed >= uploadChunks)
                {
                    uploadSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }

            if (indexed >= nextReport)
            {
                progress?.Report($"  indexed {indexed:N0} chunks");
                nextReport += 10_000;
            }
        }

        if (batch.Count > 0)
        {
            indexed += await AddAsync(documents, batch, cancellationToken);
        }

        var buildSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managedBytes = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSet = process.WorkingSet64;

        // Queries: a few words of a random chunk each, as a customer might type them.
        var samples = await SampleChunksAsync(queries, seed, cancellationToken);
        var texts = samples.Select(s => (s.Id, Query: corpus.QueryFrom(s.Text))).ToList();
        var retriever = engine.Get<HybridKnowledgeRetriever>();
        var modes = new List<ModeLatency>();
        foreach (var mode in new[] { RetrievalMode.Keyword, RetrievalMode.Vector, RetrievalMode.Hybrid })
        {
            progress?.Report($"  querying ({mode.ToString().ToLowerInvariant()})");
            foreach (var (_, query) in texts.Take(50))
            {
                await retriever.SearchAsync(new RetrievalQuery(query, LanguageDetector.Detect(query), 10), mode, cancellationToken);
            }

            var latencies = new List<double>(texts.Count);
            var found = 0;
            foreach (var (id, query) in texts)
            {
                var begin = Stopwatch.GetTimestamp();
                var result = await retriever.SearchAsync(new RetrievalQuery(query, LanguageDetector.Detect(query), 10), mode, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                if (result.Result.Passages.Any(p => p.Kind == PassageKind.Chunk && p.SourceId == id))
                {
                    found++;
                }
            }

            modes.Add(new ModeLatency(mode.ToString().ToLowerInvariant(), ModeResult.Percentile(latencies, 50), ModeResult.Percentile(latencies, 99),
                found / (double)Math.Max(1, texts.Count)));
        }

        progress?.Report("  querying (FTS5 bm25 reference)");
        modes.Add(await TimeFts5Async(texts.Take(Math.Min(texts.Count, 100)).Select(t => t.Query).ToList(), cancellationToken));

        var uploaded = Math.Min(indexed, uploadChunks);
        return new BenchmarkResult(indexed, buildSeconds, indexed / buildSeconds, uploaded / (uploadSeconds ?? buildSeconds), texts.Count, modes, managedBytes, workingSet,
            index.Vectors?.VectorBytes ?? 0, index.Keyword.TermCount);
    }

    private static async Task<int> AddAsync(DocumentService documents, List<Domain.Knowledge.KnowledgeDocument> batch, CancellationToken cancellationToken)
    {
        var saved = await documents.AddManyAsync(batch, cancellationToken);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException("A synthetic document was refused: " + string.Join("; ", saved.Errors!.SelectMany(e => e.Value)));
        }

        return saved.Saved.Sum(d => d.Chunks.Count);
    }

    private async Task<List<(int Id, string Text)>> SampleChunksAsync(int count, int seed, CancellationToken cancellationToken)
    {
        await using var db = await engine.Get<IDbContextFactory<QwenHelpDbContext>>().CreateDbContextAsync(cancellationToken);
        var ids = await db.KnowledgeChunks.Select(c => c.Id).ToListAsync(cancellationToken);
        var random = new Random(seed + 1);
        var picked = Enumerable.Range(0, count).Select(_ => ids[random.Next(ids.Count)]).ToList();
        var texts = await db.KnowledgeChunks.Where(c => picked.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Text, cancellationToken);
        return picked.Select(id => (id, texts[id])).ToList();
    }

    /// <summary>The same queries ranked by FTS5 itself: an OR of the quoted terms, <c>ORDER BY rank</c>, top 50.</summary>
    private async Task<ModeLatency> TimeFts5Async(List<string> queries, CancellationToken cancellationToken)
    {
        var analyzer = engine.Get<TextAnalyzer>();
        await using var connection = new SqliteConnection(engine.Get<DataPaths>().ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var latencies = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            latencies.Clear();
            foreach (var query in queries)
            {
                var match = FtsMatchQuery.AnyOf(analyzer.Analyze(query, FtsMatchQuery.MaxTerms * 4));
                if (match is null)
                {
                    continue;
                }

                var begin = Stopwatch.GetTimestamp();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT rowid, bm25(chunk_fts, 2.0, 1.0) FROM chunk_fts WHERE chunk_fts MATCH $match ORDER BY rank LIMIT 50";
                command.Parameters.AddWithValue("$match", match);
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        _ = reader.GetInt64(0);
                    }
                }

                latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
        }

        return new ModeLatency("fts5-bm25", ModeResult.Percentile(latencies, 50), ModeResult.Percentile(latencies, 99), null);
    }
}

/// <param name="SourceFound">Share of queries whose source chunk was among the 10 passages returned (null: not measured).</param>
public sealed record ModeLatency(string Mode, double P50Milliseconds, double P99Milliseconds, double? SourceFound);

public sealed record BenchmarkResult(
    int Chunks,
    double BuildSeconds,
    double ChunksPerSecond,
    double UploadChunksPerSecond,
    int Queries,
    IReadOnlyList<ModeLatency> Modes,
    long ManagedBytes,
    long WorkingSetBytes,
    long VectorBytes,
    int Terms);
