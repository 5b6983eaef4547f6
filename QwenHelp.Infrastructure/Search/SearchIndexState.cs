using Microsoft.EntityFrameworkCore;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// What each search index was built with (table <c>search_index_state</c>, migration 0010): the
/// analyzer version of the keyword index, the embedding model of the vectors and whether they are
/// stale. Re-embedding and index upkeep read and clear these.
/// </summary>
public static class SearchIndexState
{
    public const string KeywordAnalyzer = "keyword.analyzer";
    public const string VectorModel = "vector.model";
    public const string VectorDimension = "vector.dimension";

    /// <summary>"1" while passages wait for a vector of the configured model (another model's, or none); "0" when all have one.</summary>
    public const string VectorStale = "vector.stale";

    public const string VectorStaleReason = "vector.stale_reason";

    public static async Task<string?> GetAsync(QwenHelpDbContext db, string name, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<string>($"SELECT value AS \"Value\" FROM search_index_state WHERE name = {name}").FirstOrDefaultAsync(cancellationToken);

    public static async Task SetAsync(QwenHelpDbContext db, string name, string value, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO search_index_state (name, value, updated_at) VALUES ({name}, {value}, {now})
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, cancellationToken);
    }
}
