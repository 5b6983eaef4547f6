using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// Checks that the search indexes describe the knowledge base, repairs what does not, and compacts
/// the FTS5 tables (docs/decisions/0064). It compares, passage by passage, the FAQ entries and
/// chunks with their keyword rows (missing, left over, or written from other text), their vectors
/// (missing, left over, corrupt, or made from other text) and the in-memory indexes, and says in
/// its summary what it found and what it fixed.
/// </summary>
public sealed class IndexUpkeepJob(IServiceScopeFactory scopes, IDbContextFactory<QwenHelpDbContext> dbFactory, KnowledgeIndex index, PassageTexts texts,
    PassageEmbedder embedder, KnowledgeBaseVersion version, IOptions<JobsOptions> options) : IBackgroundJob
{
    public const string JobKey = "index-upkeep";

    public string Key => JobKey;

    public string DefaultCron => "0 0 4 ? * SUN";

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        await index.EnsureLoadedAsync(cancellationToken);
        var found = new List<string>();
        var fixes = new List<string>();

        // 1. Keyword rows against the source tables.
        context.Report(0, 5, "keyword rows");
        var keyword = await CheckKeywordRowsAsync(cancellationToken);
        var keywordBroken = keyword.Missing + keyword.Orphaned + keyword.Outdated;
        if (keywordBroken > 0)
        {
            found.Add(Count(keyword.Missing, "missing keyword row") + ", " + Count(keyword.Orphaned, "left-over keyword row") + ", " + Count(keyword.Outdated, "outdated keyword row"));
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<KeywordIndexMaintenance>().RebuildAsync(cancellationToken);
            }

            if (keyword.Outdated > 0)
            {
                // Text changed behind the index's back: answers cached from the old text must go.
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await version.BumpAsync(db, cancellationToken);
            }

            fixes.Add("rebuilt the keyword index");
        }

        // 2. Vectors: left over (no passage), corrupt (wrong length), missing, or made from other text.
        context.Report(1, 5, "vectors");
        int orphaned, corrupt;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            orphaned = await db.Database.ExecuteSqlRawAsync("""
                DELETE FROM passage_vectors
                WHERE (kind = 0 AND source_id NOT IN (SELECT id FROM faq_entries))
                   OR (kind = 1 AND source_id NOT IN (SELECT id FROM knowledge_chunks))
                   OR kind NOT IN (0, 1)
                """, cancellationToken);
            corrupt = await db.Database.ExecuteSqlRawAsync("DELETE FROM passage_vectors WHERE length(vector) <> dimension * 4", cancellationToken);
        }

        if (orphaned + corrupt > 0)
        {
            found.Add(Count(orphaned, "left-over vector") + ", " + Count(corrupt, "corrupt vector"));
            fixes.Add($"deleted {orphaned + corrupt} vectors");
        }

        try
        {
            var space = await embedder.GetSpaceAsync(cancellationToken);
            var missing = await CountMissingVectorsAsync(space, cancellationToken);
            var embedded = missing > 0 ? await index.EmbedPendingAsync(int.MaxValue, null, cancellationToken, options.Value.ReembedBatchSize) : 0;
            context.Report(2, 5, "vectors");
            var stale = await index.ReembedStaleAsync(options.Value.ReembedBatchSize, null, cancellationToken);
            if (missing > corrupt)
            {
                found.Add(Count(missing - corrupt, "passage without a vector"));
            }

            if (embedded > 0)
            {
                fixes.Add($"embedded {embedded} passages");
            }

            if (stale > 0)
            {
                found.Add(Count(stale, "vector made from outdated text"));
                fixes.Add($"re-embedded {stale} passages");
            }
        }
        catch (EmbeddingException e)
        {
            found.Add("the embedder cannot be reached (" + e.Message + "); vectors were not checked");
        }

        // 3. The in-memory indexes against the tables.
        context.Report(3, 5, "memory");
        var memory = await CheckMemoryAsync(cancellationToken);
        if (memory > 0 || keywordBroken > 0 || orphaned + corrupt > 0)
        {
            if (memory > 0)
            {
                found.Add(Count(memory, "passage out of step in memory"));
            }

            await index.ReloadAsync(cancellationToken);
            fixes.Add("reloaded the in-memory indexes");
        }

        // 4. Compaction: FTS5 merges its b-tree segments into one.
        context.Report(4, 5, "optimize");
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO faq_fts (faq_fts) VALUES ('optimize'); INSERT INTO chunk_fts (chunk_fts) VALUES ('optimize');", cancellationToken);
        }

        context.Report(5, 5, "done");
        var passages = keyword.Passages.ToString("N0", CultureInfo.InvariantCulture);
        return new JobOutcome(found.Count == 0
            ? $"Checked {passages} passages: keyword rows, vectors and memory consistent; FTS5 optimized"
            : $"Checked {passages} passages. Found: {string.Join("; ", found)}. Fixed: {(fixes.Count == 0 ? "nothing" : string.Join(", ", fixes))}. FTS5 optimized");
    }

    private async Task<KeywordCheck> CheckKeywordRowsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        var faqRows = await ReadFtsAsync(connection, "SELECT rowid, question, alternates, answer FROM faq_fts", cancellationToken);
        var chunkRows = await ReadFtsAsync(connection, "SELECT rowid, heading, text FROM chunk_fts", cancellationToken);
        int missing = 0, outdated = 0, passages = 0;
        var seenFaq = new HashSet<long>();
        foreach (var entry in await db.FaqEntries.AsNoTracking().ToListAsync(cancellationToken))
        {
            passages++;
            seenFaq.Add(entry.Id);
            Compare(faqRows.GetValueOrDefault(entry.Id), texts.ForFaq(entry).Columns, ref missing, ref outdated);
        }

        var seenChunks = new HashSet<long>();
        foreach (var document in await db.KnowledgeDocuments.AsNoTracking().Include(d => d.Chunks).ToListAsync(cancellationToken))
        {
            foreach (var chunk in document.Chunks)
            {
                passages++;
                seenChunks.Add(chunk.Id);
                Compare(chunkRows.GetValueOrDefault(chunk.Id), texts.ForChunk(chunk, document).Columns, ref missing, ref outdated);
            }
        }

        var orphaned = faqRows.Keys.Count(id => !seenFaq.Contains(id)) + chunkRows.Keys.Count(id => !seenChunks.Contains(id));
        return new KeywordCheck(passages, missing, orphaned, outdated);
    }

    private static void Compare(string?[]? stored, IReadOnlyList<string> expected, ref int missing, ref int outdated)
    {
        if (stored is null)
        {
            missing++;
        }
        else if (!stored.Select(c => c ?? "").SequenceEqual(expected.Select(c => c ?? ""), StringComparer.Ordinal))
        {
            outdated++;
        }
    }

    private static async Task<Dictionary<long, string?[]>> ReadFtsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, string?[]>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var columns = new string?[reader.FieldCount - 1];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
            }

            rows[reader.GetInt64(0)] = columns;
        }

        return rows;
    }

    private async Task<int> CountMissingVectorsAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQuery<int>($"""
            SELECT (SELECT COUNT(*) FROM faq_entries f WHERE NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.kind = 0 AND v.source_id = f.id AND v.model_id = {space.ModelId} AND v.dimension = {space.Dimension}))
                 + (SELECT COUNT(*) FROM knowledge_chunks c WHERE NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.kind = 1 AND v.source_id = c.id AND v.model_id = {space.ModelId} AND v.dimension = {space.Dimension}))
              AS Value
            """).SingleAsync(cancellationToken);
    }

    /// <summary>Passages the in-memory indexes do not hold although the tables do, or hold although the tables do not.</summary>
    private async Task<int> CheckMemoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = (await db.FaqEntries.AsNoTracking().Select(e => e.Id).ToListAsync(cancellationToken)).Select(PassageKey.Faq)
            .Concat((await db.KnowledgeChunks.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).Select(PassageKey.Chunk))
            .ToList();
        var outOfStep = keys.Count(k => !index.Keyword.Contains(k)) + Math.Max(0, index.Keyword.Count - keys.Count);
        if (index.Serving is { } serving)
        {
            var stored = await db.Database.SqlQuery<int>($"""
                SELECT COUNT(*) AS Value FROM passage_vectors v
                WHERE v.model_id = {serving.Space.ModelId} AND v.dimension = {serving.Space.Dimension}
                  AND ((v.kind = 0 AND v.source_id IN (SELECT id FROM faq_entries)) OR (v.kind = 1 AND v.source_id IN (SELECT id FROM knowledge_chunks)))
                """).SingleAsync(cancellationToken);
            outOfStep += Math.Abs(stored - serving.Vectors.Count);
        }

        return outOfStep;
    }

    private static async Task<DbConnection> OpenAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        return connection;
    }

    private static string Count(int n, string what) => n.ToString(CultureInfo.InvariantCulture) + " " + what + (n == 1 ? "" : "s");

    private sealed record KeywordCheck(int Passages, int Missing, int Orphaned, int Outdated);
}
