using System.Globalization;
using System.Text.Json;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Search.Evaluation;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench retrieval --chunks 10000,100000 [--queries 500] [--seed 42]</c>: for each size, a
/// synthetic corpus indexed into an isolated database through the app's write path; prints index
/// build throughput, query latency P50/P99 per mode (one query at a time) and memory, as a table
/// and as one JSON line.
/// </summary>
public sealed class BenchRetrievalCommand : ICliCommand
{
    private static readonly HashSet<string> Options = new(StringComparer.OrdinalIgnoreCase) { "chunks", "queries", "seed" };
    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "help" };

    public string Verb => "bench retrieval";

    public string Summary => "Measure retrieval speed on a synthetic corpus: --chunks 10000,100000 [--queries 500] [--seed 42]";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var arguments = CliArguments.Parse(args, Options, Flags, out var argumentError);
        var sizes = new List<int>();
        if (argumentError is null)
        {
            foreach (var part in (arguments.Get("chunks") ?? "10000,100000").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > 10_000_000)
                {
                    argumentError = $"--chunks takes sizes from 1 to 10,000,000 separated by commas, not '{part}'.";
                    break;
                }

                sizes.Add(size);
            }
        }

        var queries = 500;
        var seed = 42;
        if (argumentError is null && arguments.Get("queries") is { } q && (!int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out queries) || queries is < 1 or > 100_000))
        {
            argumentError = $"--queries takes a number from 1 to 100,000, not '{q}'.";
        }

        if (argumentError is null && arguments.Get("seed") is { } s && !int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
        {
            argumentError = $"--seed takes a whole number, not '{s}'.";
        }

        if (argumentError is not null || arguments.Has("help") || sizes.Count == 0)
        {
            await errors.WriteLineAsync(argumentError ?? (arguments.Has("help") ? null : "--chunks needs at least one size."));
            await errors.WriteLineAsync("Usage: bench retrieval --chunks 10000,100000 [--queries 500] [--seed 42] [--QwenHelp:Section:Key=value ...]");
            return arguments.Has("help") && argumentError is null ? 0 : 2;
        }

        var results = new List<BenchmarkResult>();
        string? embedder = null;
        var progress = new Progress<string>(line => errors.WriteLine(line));
        foreach (var size in sizes)
        {
            await errors.WriteLineAsync($"bench retrieval: {size:N0} chunks (an isolated database; nothing of the app's is touched)");
            await using var engine = await IsolatedRetrieval.CreateAsync(arguments.Settings, null, cancellationToken);
            embedder ??= (await engine.Get<PassageEmbedder>().GetSpaceAsync(cancellationToken)).ToString();
            results.Add(await new RetrievalBenchmark(engine).RunAsync(size, queries, seed, progress, cancellationToken));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench retrieval: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, embedder {embedder}"));
        foreach (var r in results)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.Chunks:N0} chunks: indexed in {r.BuildSeconds:0.0} s ({r.ChunksPerSecond:N0} chunks/s overall; {r.UploadChunksPerSecond:N0} chunks/s for the first tenth, one 50-chunk document per transaction); memory: managed heap {Mb(r.ManagedBytes)} MB, working set {Mb(r.WorkingSetBytes)} MB (vectors {Mb(r.VectorBytes)} MB, {r.Terms:N0} keyword terms)"));
            await output.WriteLineAsync($"  mode        P50 ms   P99 ms   source in top 10   ({r.Queries} queries, one at a time)");
            foreach (var m in r.Modes)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.Mode,-10} {m.P50Milliseconds,7:0.00}  {m.P99Milliseconds,7:0.00}   {(m.SourceFound is { } f ? f.ToString("0.000", CultureInfo.InvariantCulture) : "-")}"));
            }
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(new
        {
            command = "bench retrieval",
            cores = Environment.ProcessorCount,
            embedder,
            results = results.Select(r => new
            {
                chunks = r.Chunks,
                buildSeconds = Math.Round(r.BuildSeconds, 2),
                chunksPerSecond = Math.Round(r.ChunksPerSecond, 1),
                uploadChunksPerSecond = Math.Round(r.UploadChunksPerSecond, 1),
                managedMb = Mb(r.ManagedBytes),
                workingSetMb = Mb(r.WorkingSetBytes),
                vectorMb = Mb(r.VectorBytes),
                queries = r.Queries,
                modes = r.Modes.Select(m => new { mode = m.Mode, p50Ms = Math.Round(m.P50Milliseconds, 3), p99Ms = Math.Round(m.P99Milliseconds, 3), sourceInTop10 = m.SourceFound }),
            }),
        }));
        return 0;
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
