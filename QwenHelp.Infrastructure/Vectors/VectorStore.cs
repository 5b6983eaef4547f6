using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Persistence;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Vectors;

/// <summary>
/// The durable side of the vector index: table <c>passage_vectors</c>, one row per passage and
/// embedding model, with the model id and dimension stored beside every vector (migration 0010).
/// Writes run inside the caller's transaction, so a vector commits with the edit it belongs to.
/// </summary>
public sealed class VectorStore
{
    public VectorStore()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vectors are stored as little-endian float32.");
        }
    }

    /// <summary>The content hash stored with the passage's vector of <paramref name="modelId"/> and <paramref name="dimension"/>, if there is one.</summary>
    public async Task<string?> GetContentHashAsync(QwenHelpDbContext db, PassageKey key, string modelId, int dimension, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<string>($"""
            SELECT content_hash AS "Value" FROM passage_vectors
            WHERE kind = {(int)key.Kind} AND source_id = {key.Id} AND model_id = {modelId} AND dimension = {dimension}
            """).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The content hashes of the given passages' vectors of one model and dimension (passages without one are absent).</summary>
    public async Task<Dictionary<PassageKey, string>> GetContentHashesAsync(DbConnection connection, IReadOnlyList<PassageKey> keys, string modelId, int dimension,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<PassageKey, string>();
        await ReadVectorsOfAsync(connection, keys, modelId, dimension, "source_id, content_hash",
            (kind, reader) => result[new PassageKey(kind, reader.GetInt32(0))] = reader.GetString(1), cancellationToken);
        return result;
    }

    /// <summary>The vectors of <paramref name="keys"/> in the given model and dimension, by the hash of the text they were made from.</summary>
    public async Task<Dictionary<string, float[]>> GetVectorsByHashAsync(QwenHelpDbContext db, IReadOnlyList<PassageKey> keys, string modelId, int dimension, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await ReadVectorsOfAsync(connection, keys, modelId, dimension, "content_hash, vector", (_, reader) =>
        {
            var blob = (byte[])reader.GetValue(1);
            if (blob.Length == dimension * sizeof(float))
            {
                result[reader.GetString(0)] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }, cancellationToken);
        return result;
    }

    /// <summary>Reads <paramref name="columns"/> of the given passages' vectors of one model and dimension, in batches of ids per kind.</summary>
    private static async Task ReadVectorsOfAsync(DbConnection connection, IReadOnlyList<PassageKey> keys, string modelId, int dimension, string columns,
        Action<PassageKind, DbDataReader> onRow, CancellationToken cancellationToken)
    {
        foreach (var kind in keys.GroupBy(k => k.Kind))
        {
            foreach (var batch in kind.Select(k => k.Id).Chunk(500))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    SELECT {columns} FROM passage_vectors
                    WHERE kind = @kind AND model_id = @model AND dimension = @dimension AND source_id IN ({string.Join(',', batch)})
                    """;
                AddParameter(command, "@kind", (int)kind.Key);
                AddParameter(command, "@model", modelId);
                AddParameter(command, "@dimension", dimension);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    onRow(kind.Key, reader);
                }
            }
        }
    }

    /// <summary>
    /// Streams every stored vector of <paramref name="modelId"/> and <paramref name="dimension"/>
    /// whose passage still exists, with the passage's language and enabled state.
    /// </summary>
    public async Task LoadAsync(DbConnection connection, string modelId, int dimension,
        Action<PassageKey, PassageAttributes, ReadOnlySpan<float>> onVector, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.kind, v.source_id, v.vector, f.language, f.enabled
            FROM passage_vectors v JOIN faq_entries f ON v.kind = 0 AND f.id = v.source_id
            WHERE v.model_id = @model AND v.dimension = @dimension
            UNION ALL
            SELECT v.kind, v.source_id, v.vector, d.language, d.enabled
            FROM passage_vectors v JOIN knowledge_chunks c ON v.kind = 1 AND c.id = v.source_id
            JOIN knowledge_documents d ON d.id = c.document_id
            WHERE v.model_id = @model AND v.dimension = @dimension
            """;
        AddParameter(command, "@model", modelId);
        AddParameter(command, "@dimension", dimension);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buffer = new byte[dimension * sizeof(float)];
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = reader.GetBytes(2, 0, buffer, 0, buffer.Length);
            if (length != buffer.Length)
            {
                continue;
            }

            var key = new PassageKey((PassageKind)reader.GetInt32(0), reader.GetInt32(1));
            onVector(key, new PassageAttributes(reader.GetString(3), reader.GetBoolean(4)), MemoryMarshal.Cast<byte, float>(buffer.AsSpan()));
        }
    }

    /// <summary>How the stored vectors relate to the passages and the configured model.</summary>
    public async Task<VectorCoverage> GetCoverageAsync(DbConnection connection, string modelId, int dimension, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // group_concat is SQLite's spelling of string_agg.
        var aggregate = connection is Microsoft.Data.Sqlite.SqliteConnection ? "group_concat" : "string_agg";
        command.CommandText = $"""
            SELECT
              (SELECT COUNT(*) FROM faq_entries) + (SELECT COUNT(*) FROM knowledge_chunks),
              (SELECT COUNT(*) FROM passage_vectors v WHERE v.model_id = @model AND v.dimension = @dimension
                 AND ((v.kind = 0 AND EXISTS (SELECT 1 FROM faq_entries f WHERE f.id = v.source_id))
                   OR (v.kind = 1 AND EXISTS (SELECT 1 FROM knowledge_chunks c WHERE c.id = v.source_id)))),
              (SELECT COUNT(*) FROM passage_vectors v WHERE NOT (v.model_id = @model AND v.dimension = @dimension)),
              (SELECT {aggregate}(model_id || ' (' || dimension || ')', ', ') FROM
                 (SELECT DISTINCT model_id, dimension FROM passage_vectors WHERE NOT (model_id = @model AND dimension = @dimension)) AS stale)
            """;
        AddParameter(command, "@model", modelId);
        AddParameter(command, "@dimension", dimension);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new VectorCoverage(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> passages with no vector of the given model and dimension, FAQ
    /// entries first, each kind by id; with <paramref name="after"/>, only those after it in that order
    /// (a run that pages through them never scans what it has done again).
    /// </summary>
    public async Task<IReadOnlyList<PassageKey>> FindPendingAsync(DbConnection connection, string modelId, int dimension, int limit, CancellationToken cancellationToken,
        PassageKey? after = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM (
              SELECT 0, f.id FROM faq_entries f
              WHERE (@afterKind < 0 OR (@afterKind = 0 AND f.id > @afterId))
              AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.kind = 0 AND v.source_id = f.id AND v.model_id = @model AND v.dimension = @dimension)
              ORDER BY f.id LIMIT @limit) AS faq
            UNION ALL
            SELECT * FROM (
              SELECT 1, c.id FROM knowledge_chunks c
              WHERE (@afterKind < 1 OR c.id > @afterId)
              AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.kind = 1 AND v.source_id = c.id AND v.model_id = @model AND v.dimension = @dimension)
              ORDER BY c.id LIMIT @limit) AS chunk
            LIMIT @limit
            """;
        AddParameter(command, "@model", modelId);
        AddParameter(command, "@dimension", dimension);
        AddParameter(command, "@limit", limit);
        AddParameter(command, "@afterKind", after is { } a ? (int)a.Kind : -1);
        AddParameter(command, "@afterId", after?.Id ?? 0);
        var keys = new List<PassageKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new PassageKey((PassageKind)reader.GetInt32(0), reader.GetInt32(1)));
        }

        return keys;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <param name="Passages">FAQ entries and chunks in the database.</param>
/// <param name="Current">Passages with a vector of the configured model and dimension.</param>
/// <param name="OtherModelVectors">Vectors of any other model or dimension (stale).</param>
/// <param name="OtherModels">Which, e.g. <c>bge-small-zh (512)</c>.</param>
public sealed record VectorCoverage(int Passages, int Current, int OtherModelVectors, string? OtherModels)
{
    public int Pending => Passages - Current;
}
