using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Vectors;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// The in-memory side of retrieval: the keyword ranking index and the vectors of the configured
/// embedder, loaded from SQLite (FTS5 tables and <c>passage_vectors</c>) and kept in step with every
/// edit. Edits go through <see cref="BeginWriteAsync"/>: one writer at a time, the durable rows
/// written inside the edit's transaction, the memory updated only after it commits, in commit order.
/// </summary>
public sealed partial class KnowledgeIndex(
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    PassageTexts texts,
    PassageEmbedder embedder,
    VectorStore vectorStore,
    KnowledgeBaseVersion version,
    IOptions<RetrievalOptions> options,
    ILogger<KnowledgeIndex> logger,
    EmbedderFactory? embedderFactory = null) : IDisposable
{
    /// <summary>search_index_state: the settings (JSON, no secrets) of the embedder whose vectors were last complete.</summary>
    public const string ServingEmbedderState = "vector.serving";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<PassageEmbedder> _retired = [];
    private volatile bool _loaded;
    private volatile VectorServing? _serving;

    public KeywordIndex Keyword { get; } = new(new KeywordIndex.Parameters(options.Value.Keyword.K1, options.Value.Keyword.B));

    /// <summary>
    /// The vectors queries are searched against; null while no vector space is known (the embedder
    /// could not be reached). Usually the configured embedder's; after the embedding settings changed,
    /// the previous embedder's complete set until re-embedding has built the new one (see <see cref="Serving"/>).
    /// </summary>
    public VectorIndex? Vectors => _serving?.Vectors;

    /// <summary>The serving vectors together with the embedder that embeds queries for them (read once per query: they switch together).</summary>
    public VectorServing? Serving => _serving;

    /// <summary>Whether queries are served by an earlier embedder's vectors while the configured one's are being built.</summary>
    public bool ServesPreviousEmbedder => _serving is { IsConfigured: false };

    public bool IsLoaded => _loaded;

    /// <summary>How the stored vectors matched the passages at the last load or embedding run.</summary>
    public VectorCoverage? Coverage { get; private set; }

    public void Dispose()
    {
        _writeGate.Dispose();
        Keyword.Dispose();
        _serving?.Vectors.Dispose();
        foreach (var retired in _retired)
        {
            retired.Dispose();
        }
    }

    /// <summary>Loads the indexes from the database unless they are loaded already.</summary>
    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                await LoadLockedAsync(cancellationToken);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Loads the indexes from the database again (after a rebuild or repair that wrote the tables directly).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await LoadLockedAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Analyzes and embeds passages before their transaction starts (embedding may be slow or remote).
    /// A passage whose stored vector was made from the same text by the same model is not embedded
    /// again. When the embedder fails the passage is still saved and keyword-searchable, and waits
    /// for a vector (see <see cref="EmbedPendingAsync"/>).
    /// </summary>
    /// <param name="existing">The passages' keys when they already exist (an edit), else null.</param>
    /// <param name="reuseFrom">Passages being replaced (a document's old chunks): a new passage with the same text as one of them takes its vector.</param>
    public async Task<IReadOnlyList<PreparedPassage>> PrepareAsync(IReadOnlyList<PassageContent> contents, IReadOnlyList<PassageKey?>? existing,
        IReadOnlyList<PassageKey>? reuseFrom, CancellationToken cancellationToken)
    {
        var prepared = contents.Select(c =>
        {
            var input = embedder.PassageInput(c.EmbeddingText);
            return new PreparedPassage(c, PassageEmbedder.ContentHash(input), input);
        }).ToList();
        if (prepared.Count == 0)
        {
            return prepared;
        }

        EmbeddingSpace space;
        try
        {
            space = await embedder.GetSpaceAsync(cancellationToken);
        }
        catch (EmbeddingException e)
        {
            LogEmbeddingFailed(prepared.Count, e.Message);
            return prepared;
        }

        if (existing is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            for (var i = 0; i < prepared.Count; i++)
            {
                if (existing[i] is { } key
                    && await vectorStore.GetContentHashAsync(db, key, space.ModelId, space.Dimension, cancellationToken) == prepared[i].ContentHash)
                {
                    prepared[i].VectorUnchanged = true;
                }
            }
        }

        foreach (var passage in prepared)
        {
            passage.Space = space;
        }

        if (reuseFrom is { Count: > 0 })
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var reusable = await vectorStore.GetVectorsByHashAsync(db, reuseFrom, space.ModelId, space.Dimension, cancellationToken);
            foreach (var passage in prepared)
            {
                passage.Vector = reusable.GetValueOrDefault(passage.ContentHash);
            }
        }

        var toEmbed = prepared.Where(p => !p.VectorUnchanged && p.Vector is null).ToList();

        try
        {
            var vectors = await embedder.EmbedPassageInputsAsync(toEmbed.Select(p => p.EmbeddingInput).ToList(), cancellationToken);
            for (var i = 0; i < toEmbed.Count; i++)
            {
                toEmbed[i].Vector = HasDirection(vectors[i]) ? vectors[i] : null;
            }
        }
        catch (EmbeddingException e)
        {
            LogEmbeddingFailed(toEmbed.Count, e.Message);
        }

        return prepared;
    }

    /// <summary>Takes the single writer's turn. Dispose the returned write when the transaction is over.</summary>
    public async Task<IndexWrite> BeginWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        return new IndexWrite(this, version);
    }

    /// <summary>
    /// Embeds passages that have no vector of the configured embedder (new since the embedder
    /// failed, or from before vectors existed, or made by another model), in batches, each batch
    /// committed and served at once. Safe to stop and run again: it continues where it left off.
    /// </summary>
    /// <returns>How many passages got a vector.</returns>
    public async Task<int> EmbedPendingAsync(int maxPassages, IProgress<int>? progress, CancellationToken cancellationToken, int batchSize = 64)
    {
        batchSize = Math.Max(1, batchSize);
        await EnsureLoadedAsync(cancellationToken);
        var space = await embedder.GetSpaceAsync(cancellationToken);
        var done = 0;
        PassageKey? cursor = null; // pages forward: a passage that could not be embedded is not tried again in this run
        while (done < maxPassages)
        {
            List<PassageKey> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var connection = await OpenAsync(db, cancellationToken);
                batch = [.. await vectorStore.FindPendingAsync(connection, space.ModelId, space.Dimension, Math.Min(batchSize, maxPassages - done), cancellationToken, cursor)];
            }

            if (batch.Count == 0)
            {
                break;
            }

            cursor = batch.MaxBy(k => ((int)k.Kind, k.Id));

            var sources = await LoadContentsAsync(batch, cancellationToken);
            var prepared = await PrepareAsync(sources.Select(s => s.Content).ToList(), null, null, cancellationToken);
            if (prepared.All(p => p.Vector is null))
            {
                continue;
            }

            await using (var write = await BeginWriteAsync(cancellationToken))
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                for (var i = 0; i < prepared.Count; i++)
                {
                    if (prepared[i].Vector is not null)
                    {
                        await write.UpsertVectorAsync(db, sources[i].Key, prepared[i], cancellationToken);
                        done++;
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                write.Commit();
            }

            progress?.Report(done);
        }

        await SwitchIfCompleteAsync(space, cancellationToken);
        await RefreshCoverageAsync(space, cancellationToken);
        return done;
    }

    /// <summary>
    /// When queries are still served by an earlier embedder's vectors and every passage now has a
    /// vector of the configured one, switches to the new set in one step (queries from then on are
    /// embedded by the configured embedder and searched against its vectors) and deletes the old vectors.
    /// </summary>
    /// <returns>True when it switched.</returns>
    public async Task<bool> SwitchIfCompleteAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        if (_serving is null or { IsConfigured: true })
        {
            return false;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var connection = await OpenAsync(db, cancellationToken);
            if (_serving is null or { IsConfigured: true }
                || (await vectorStore.FindPendingAsync(connection, space.ModelId, space.Dimension, 1, cancellationToken)).Count > 0)
            {
                return false;
            }

            var vectors = new VectorIndex(space.ModelId, space.Dimension);
            await vectorStore.LoadAsync(connection, space.ModelId, space.Dimension, (key, attributes, vector) => vectors.Upsert(key, attributes, vector), cancellationToken);
            var previous = _serving;
            _serving = new VectorServing(embedder, vectors, space, IsConfigured: true);
            _retired.Add(previous.Embedder);
            previous.Vectors.Dispose();
            if (embedderFactory is not null)
            {
                await SearchIndexState.SetAsync(db, ServingEmbedderState, embedderFactory.DescribeConfigured(), cancellationToken);
            }

            var removed = await db.Database.ExecuteSqlAsync(
                $"DELETE FROM passage_vectors WHERE NOT (model_id = {space.ModelId} AND dimension = {space.Dimension})", cancellationToken);
            LogSwitched(previous.Space, space, vectors.Count, removed);
            return true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Embeds again the passages whose stored vector (of the configured embedder) was made from
    /// another text than theirs today (a change written behind the index's back, or an interrupted
    /// edit). Each passage keeps its old vector until its new one is committed.
    /// </summary>
    /// <returns>How many stale vectors were replaced.</returns>
    public async Task<int> ReembedStaleAsync(int batchSize, IProgress<(int Checked, int Total)>? progress, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var space = await embedder.GetSpaceAsync(cancellationToken);
        List<PassageKey> keys;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            keys = [.. (await db.FaqEntries.AsNoTracking().Select(e => e.Id).ToListAsync(cancellationToken)).Select(PassageKey.Faq),
                    .. (await db.KnowledgeChunks.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).Select(PassageKey.Chunk)];
        }

        var replaced = 0;
        var checkedCount = 0;
        foreach (var page in keys.Chunk(Math.Max(1, batchSize)))
        {
            var sources = await LoadContentsAsync(page, cancellationToken);
            Dictionary<PassageKey, string> hashes;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                hashes = await vectorStore.GetContentHashesAsync(await OpenAsync(db, cancellationToken), page, space.ModelId, space.Dimension, cancellationToken);
            }

            var stale = sources.Where(s => hashes.TryGetValue(s.Key, out var hash) && hash != PassageEmbedder.ContentHash(embedder.PassageInput(s.Content.EmbeddingText))).ToList();
            checkedCount += page.Length;
            if (stale.Count > 0)
            {
                var prepared = await PrepareAsync(stale.Select(s => s.Content).ToList(), null, null, cancellationToken);
                await using var write = await BeginWriteAsync(cancellationToken);
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                for (var i = 0; i < prepared.Count; i++)
                {
                    if (prepared[i].Vector is not null)
                    {
                        await write.UpsertVectorAsync(db, stale[i].Key, prepared[i], cancellationToken);
                        replaced++;
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                write.Commit();
            }

            progress?.Report((checkedCount, keys.Count));
        }

        return replaced;
    }

    internal void ReleaseWriter() => _writeGate.Release();

    /// <summary>Applies committed changes to memory; before the first load there is nothing to apply to (the load reads them).</summary>
    internal void ApplyUpsert(PassageKey key, PreparedPassage prepared)
    {
        if (!_loaded)
        {
            return;
        }

        var content = prepared.Content;
        Keyword.Upsert(key, content.Attributes, texts.Fields(key.Kind, content.Columns));
        ApplyVector(key, prepared, textChanged: true);
    }

    /// <param name="textChanged">The passage's text was written too (an edit), so a serving vector of another embedder describes old text.</param>
    internal void ApplyVector(PassageKey key, PreparedPassage prepared, bool textChanged)
    {
        if (!_loaded || _serving?.Vectors is not { } vectors)
        {
            return;
        }

        if (prepared.Vector is { } vector && prepared.Space is { } space && space.ModelId == vectors.ModelId && space.Dimension == vectors.Dimension)
        {
            vectors.Upsert(key, prepared.Content.Attributes, vector);
        }
        else if (prepared.VectorUnchanged)
        {
            vectors.SetAttributes(key, prepared.Content.Attributes);
        }
        else if (textChanged)
        {
            vectors.Remove(key);
        }

        // Otherwise a vector of the configured embedder while an earlier one serves: it waits for the switch.
    }

    internal void ApplyRemove(PassageKey key)
    {
        if (!_loaded)
        {
            return;
        }

        Keyword.Remove(key);
        _serving?.Vectors.Remove(key);
    }

    internal void ApplyAttributes(PassageKey key, PassageAttributes attributes)
    {
        if (!_loaded)
        {
            return;
        }

        Keyword.SetAttributes(key, attributes);
        _serving?.Vectors.SetAttributes(key, attributes);
    }


    private async Task LoadLockedAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Keyword.Clear();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        if (db.Database.IsSqlite())
        {
            await LoadKeywordAsync(connection, PassageKind.Faq, """
                SELECT i.rowid, i.question, i.alternates, i.answer, f.language, f.enabled
                FROM faq_fts i JOIN faq_entries f ON f.id = i.rowid
                """, cancellationToken);
            await LoadKeywordAsync(connection, PassageKind.Chunk, """
                SELECT i.rowid, i.heading, i.text, d.language, d.enabled
                FROM chunk_fts i JOIN knowledge_chunks c ON c.id = i.rowid JOIN knowledge_documents d ON d.id = c.document_id
                """, cancellationToken);
        }
        else
        {
            await LoadKeywordFromSourcesAsync(db, cancellationToken);
        }

        _serving?.Vectors.Dispose();
        _serving = null;
        try
        {
            var space = await embedder.GetSpaceAsync(cancellationToken);
            var vectors = new VectorIndex(space.ModelId, space.Dimension);
            await vectorStore.LoadAsync(connection, space.ModelId, space.Dimension,
                (key, attributes, vector) => vectors.Upsert(key, attributes, vector), cancellationToken);
            _serving = new VectorServing(embedder, vectors, space, IsConfigured: true);
            _loaded = true;
            await RefreshCoverageAsync(space, cancellationToken);
            if (Coverage is { Pending: > 0 } coverage && await LoadPreviousAsync(connection, space, coverage, cancellationToken) is { } previous)
            {
                vectors.Dispose();
                _serving = previous;
            }
        }
        catch (EmbeddingException e)
        {
            LogVectorsUnavailable(e.Message);
        }

        _loaded = true;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogLoaded(Keyword.Count, _serving?.Vectors.Count ?? 0, elapsed);
    }

    /// <summary>
    /// The embedding settings changed and the configured embedder's vectors are incomplete: the
    /// earlier embedder (described in <see cref="ServingEmbedderState"/>) serves with its vectors when
    /// it can still be built and has more of them. Null otherwise.
    /// </summary>
    private async Task<VectorServing?> LoadPreviousAsync(DbConnection connection, EmbeddingSpace configured, VectorCoverage coverage, CancellationToken cancellationToken)
    {
        if (embedderFactory is null || coverage.OtherModelVectors == 0)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await SearchIndexState.GetAsync(db, ServingEmbedderState, cancellationToken) is not { } description
            || description == embedderFactory.DescribeConfigured()
            || embedderFactory.TryCreate(description) is not { } previous)
        {
            return null;
        }

        try
        {
            var space = await previous.GetSpaceAsync(cancellationToken);
            var old = await vectorStore.GetCoverageAsync(connection, space.ModelId, space.Dimension, cancellationToken);
            if (space == configured || old.Current <= coverage.Current)
            {
                previous.Dispose();
                return null;
            }

            var vectors = new VectorIndex(space.ModelId, space.Dimension);
            await vectorStore.LoadAsync(connection, space.ModelId, space.Dimension, (key, attributes, vector) => vectors.Upsert(key, attributes, vector), cancellationToken);
            LogServingPrevious(space, vectors.Count, configured);
            return new VectorServing(previous, vectors, space, IsConfigured: false);
        }
        catch (EmbeddingException e)
        {
            previous.Dispose();
            LogPreviousUnavailable(e.Message);
            return null;
        }
    }

    /// <summary>
    /// Without FTS5 (PostgreSQL, SQL Server) there are no stored keyword rows: the in-memory keyword
    /// index is analyzed from the FAQ and chunk tables themselves, as IndexRows would have written them.
    /// </summary>
    private async Task LoadKeywordFromSourcesAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        foreach (var entry in await db.FaqEntries.AsNoTracking().ToListAsync(cancellationToken))
        {
            var content = texts.ForFaq(entry);
            Keyword.Upsert(PassageKey.Faq(entry.Id), content.Attributes, texts.Fields(PassageKind.Faq, content.Columns));
        }

        foreach (var document in await db.KnowledgeDocuments.AsNoTracking().Include(d => d.Chunks).ToListAsync(cancellationToken))
        {
            foreach (var chunk in document.Chunks)
            {
                var content = texts.ForChunk(chunk, document);
                Keyword.Upsert(PassageKey.Chunk(chunk.Id), content.Attributes, texts.Fields(PassageKind.Chunk, content.Columns));
            }
        }
    }

    private async Task LoadKeywordAsync(DbConnection connection, PassageKind kind, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columnCount = reader.FieldCount - 3;
        var columns = new string?[columnCount];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var c = 0; c < columnCount; c++)
            {
                columns[c] = reader.IsDBNull(c + 1) ? null : reader.GetString(c + 1);
            }

            var key = new PassageKey(kind, reader.GetInt32(0));
            var attributes = new PassageAttributes(reader.GetString(columnCount + 1), reader.GetBoolean(columnCount + 2));
            Keyword.Upsert(key, attributes, texts.Fields(kind, columns));
        }
    }

    /// <summary>Records in <c>search_index_state</c> whether vectors are missing or from another model (stale), for re-embedding to pick up.</summary>
    private async Task RefreshCoverageAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var coverage = await vectorStore.GetCoverageAsync(await OpenAsync(db, cancellationToken), space.ModelId, space.Dimension, cancellationToken);
        Coverage = coverage;
        var stale = coverage.Pending > 0;
        var reason = !stale ? ""
            : string.Create(CultureInfo.InvariantCulture, $"{coverage.Pending} of {coverage.Passages} passages have no vector of {space}")
              + (coverage.OtherModels is null ? "" : $"; stored vectors are from {coverage.OtherModels}");
        await SearchIndexState.SetAsync(db, SearchIndexState.VectorModel, space.ModelId, cancellationToken);
        await SearchIndexState.SetAsync(db, SearchIndexState.VectorDimension, space.Dimension.ToString(CultureInfo.InvariantCulture), cancellationToken);
        await SearchIndexState.SetAsync(db, SearchIndexState.VectorStale, stale ? "1" : "0", cancellationToken);
        await SearchIndexState.SetAsync(db, SearchIndexState.VectorStaleReason, reason, cancellationToken);
        if (!stale && embedderFactory is not null && _serving is { IsConfigured: true })
        {
            // Complete: this embedder is the one to fall back on if the settings change later.
            await SearchIndexState.SetAsync(db, ServingEmbedderState, embedderFactory.DescribeConfigured(), cancellationToken);
        }

        if (stale)
        {
            LogStale(reason);
        }
    }

    private async Task<List<(PassageKey Key, PassageContent Content)>> LoadContentsAsync(IReadOnlyList<PassageKey> keys, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var faqIds = keys.Where(k => k.Kind == PassageKind.Faq).Select(k => k.Id).ToList();
        var chunkIds = keys.Where(k => k.Kind == PassageKind.Chunk).Select(k => k.Id).ToList();
        var result = new List<(PassageKey, PassageContent)>();
        foreach (var entry in await db.FaqEntries.AsNoTracking().Where(e => faqIds.Contains(e.Id)).ToListAsync(cancellationToken))
        {
            result.Add((PassageKey.Faq(entry.Id), texts.ForFaq(entry)));
        }

        foreach (var chunk in await db.KnowledgeChunks.AsNoTracking().Include(c => c.Document).Where(c => chunkIds.Contains(c.Id)).ToListAsync(cancellationToken))
        {
            result.Add((PassageKey.Chunk(chunk.Id), texts.ForChunk(chunk, chunk.Document!)));
        }

        return result;
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

    private static bool HasDirection(float[] vector) => vector.Any(v => v != 0f);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrieval index loaded: {Passages} passages for keyword search, {Vectors} vectors, in {Milliseconds:0} ms")]
    private partial void LogLoaded(int passages, int vectors, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding settings changed: queries are served by the previous embedder {Previous} ({Vectors} vectors) until re-embedding has built the vectors of {Configured}")]
    private partial void LogServingPrevious(EmbeddingSpace previous, int vectors, EmbeddingSpace configured);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The previous embedder cannot serve while re-embedding: {Reason}")]
    private partial void LogPreviousUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Switched vector search from {Previous} to {Configured} ({Vectors} vectors); {Removed} old vectors deleted")]
    private partial void LogSwitched(EmbeddingSpace previous, EmbeddingSpace configured, int vectors, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vector search is unavailable (keyword search still answers): {Reason}")]
    private partial void LogVectorsUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vector index is stale: {Reason}. Passages without a current vector are found by keyword search only until they are re-embedded.")]
    private partial void LogStale(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed {Count} passages; they are saved and keyword-searchable and wait for re-embedding: {Reason}")]
    private partial void LogEmbeddingFailed(int count, string reason);
}

/// <summary>The vectors that answer queries and the embedder that embeds queries for them.</summary>
/// <param name="IsConfigured">False while an earlier embedder serves during re-embedding.</param>
public sealed record VectorServing(PassageEmbedder Embedder, VectorIndex Vectors, EmbeddingSpace Space, bool IsConfigured);

/// <summary>A passage analyzed and embedded, ready to be written.</summary>
public sealed class PreparedPassage(PassageContent content, string contentHash, string embeddingInput)
{
    public PassageContent Content { get; } = content;

    public string ContentHash { get; } = contentHash;

    public string EmbeddingInput { get; } = embeddingInput;

    /// <summary>The new vector; null when the embedder failed or the stored one is still current.</summary>
    public float[]? Vector { get; internal set; }

    public EmbeddingSpace? Space { get; internal set; }

    /// <summary>The stored vector was made from this very text by the configured model: nothing to embed or write.</summary>
    public bool VectorUnchanged { get; internal set; }
}

/// <summary>
/// One writer's turn: the durable index rows written inside the caller's transaction, and the
/// in-memory changes queued until <see cref="Commit"/> (call it after the transaction commits).
/// </summary>
public sealed class IndexWrite : IAsyncDisposable
{
    private readonly KnowledgeIndex _index;
    private readonly List<Action> _onCommit = [];
    private readonly KnowledgeBaseVersion _version;
    private IndexRows? _rows;
    private QwenHelpDbContext? _rowsDb;
    private bool _released;
    private bool _versionBumped;

    internal IndexWrite(KnowledgeIndex index, KnowledgeBaseVersion version) => (_index, _version) = (index, version);

    /// <summary>Writes the passage's keyword row and vector; the memory follows on <see cref="Commit"/>.</summary>
    /// <param name="isNew">The passage was created in this transaction (no old rows to replace).</param>
    public async Task UpsertAsync(QwenHelpDbContext db, PassageKey key, PreparedPassage prepared, bool isNew, CancellationToken cancellationToken)
    {
        await BumpVersionOnceAsync(db, cancellationToken);
        var rows = await RowsAsync(db, cancellationToken);
        await rows.UpsertKeywordAsync(key, prepared.Content.Columns, isNew, cancellationToken);
        await WriteVectorRowAsync(rows, key, prepared, cancellationToken);
        _onCommit.Add(() => _index.ApplyUpsert(key, prepared));
    }

    /// <summary>Writes only the passage's vector (its text is indexed already).</summary>
    public async Task UpsertVectorAsync(QwenHelpDbContext db, PassageKey key, PreparedPassage prepared, CancellationToken cancellationToken)
    {
        await WriteVectorRowAsync(await RowsAsync(db, cancellationToken), key, prepared, cancellationToken);
        _onCommit.Add(() => _index.ApplyVector(key, prepared, textChanged: false));
    }

    /// <summary>Deletes the passage's keyword row and vectors; the memory follows on <see cref="Commit"/>.</summary>
    public async Task RemoveAsync(QwenHelpDbContext db, PassageKey key, CancellationToken cancellationToken)
    {
        await BumpVersionOnceAsync(db, cancellationToken);
        var rows = await RowsAsync(db, cancellationToken);
        await rows.DeleteKeywordAsync(key, cancellationToken);
        await rows.DeleteVectorsAsync(key, null, cancellationToken);
        _onCommit.Add(() => _index.ApplyRemove(key));
    }

    /// <summary>A passage's language or enabled state changed, its text did not.</summary>
    public async Task SetAttributesAsync(QwenHelpDbContext db, PassageKey key, PassageAttributes attributes, CancellationToken cancellationToken)
    {
        await BumpVersionOnceAsync(db, cancellationToken);
        _onCommit.Add(() => _index.ApplyAttributes(key, attributes));
    }

    /// <summary>
    /// Every knowledge change goes through a write, so the write moves the knowledge-base version
    /// (inside the same transaction): cached answers made from the old knowledge stop matching.
    /// </summary>
    private async Task BumpVersionOnceAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        if (!_versionBumped)
        {
            await _version.BumpAsync(db, cancellationToken);
            _versionBumped = true;
        }
    }

    /// <summary>Applies the queued changes to the in-memory indexes. Call after the transaction committed.</summary>
    public void Commit()
    {
        foreach (var apply in _onCommit)
        {
            apply();
        }

        _onCommit.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
            _rows = null;
        }

        if (!_released)
        {
            _released = true;
            _onCommit.Clear();
            _index.ReleaseWriter();
        }
    }

    private async Task<IndexRows> RowsAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        if (_rows is null || !ReferenceEquals(_rowsDb, db))
        {
            if (_rows is not null)
            {
                await _rows.DisposeAsync();
            }

            _rows = await IndexRows.ForAsync(db, cancellationToken);
            _rowsDb = db;
        }

        return _rows;
    }

    private static async Task WriteVectorRowAsync(IndexRows rows, PassageKey key, PreparedPassage prepared, CancellationToken cancellationToken)
    {
        if (prepared.VectorUnchanged)
        {
            return;
        }

        if (prepared.Vector is { } vector && prepared.Space is { } space)
        {
            await rows.UpsertVectorAsync(key, space.ModelId, vector, prepared.ContentHash, cancellationToken);
        }
        else if (prepared.Space is { } failedSpace)
        {
            // The text changed and could not be embedded: the old vector describes the old text.
            await rows.DeleteVectorsAsync(key, failedSpace.ModelId, cancellationToken);
        }
    }
}
