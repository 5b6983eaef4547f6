using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// FAQ search on the FTS5 keyword index, ranked by <c>bm25()</c> with the question weighted above
/// alternate phrasings and both above the answer.
/// </summary>
public sealed class FtsFaqSearch(IDbContextFactory<QwenHelpDbContext> dbFactory, TextAnalyzer analyzer) : IFaqSearch
{
    /// <summary>How many bm25 candidates are re-ranked for language and coverage.</summary>
    private const int Candidates = 20;

    /// <summary>A match in another language than the customer's still counts, a little less.</summary>
    private const double OtherLanguageFactor = 0.7;

    public async Task<IReadOnlyList<FaqMatch>> SearchAsync(string query, string preferredLanguage, int limit, CancellationToken cancellationToken)
    {
        var queryTerms = analyzer.Analyze(query, FtsMatchQuery.MaxTerms * 4);
        var match = FtsMatchQuery.AnyOf(queryTerms);
        if (match is null || limit <= 0)
        {
            return [];
        }

        var candidates = new List<FaqMatch>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT f.id, f.question, f.answer, f.language, f.alternate_questions, bm25(faq_fts, 10.0, 6.0, 1.0) AS rank
            FROM faq_fts JOIN faq_entries f ON f.id = faq_fts.rowid
            WHERE faq_fts MATCH @match AND f.enabled = 1
            ORDER BY rank
            LIMIT @limit
            """;
        AddParameter(command, "@match", match);
        AddParameter(command, "@limit", Math.Max(limit, Candidates));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var question = reader.GetString(1);
            var alternates = JsonSerializer.Deserialize<List<string>>(reader.GetString(4)) ?? [];
            var language = reader.GetString(3);
            // bm25() is lower-is-better; flip it so that every score in QwenHelp is higher-is-better.
            var score = -reader.GetDouble(5) * (language == preferredLanguage ? 1.0 : OtherLanguageFactor);
            candidates.Add(new FaqMatch(reader.GetInt32(0), question, reader.GetString(2), language, score,
                Coverage(queryTerms, question, alternates)));
        }

        return candidates.OrderByDescending(c => c.Score).Take(limit).ToList();
    }

    /// <summary>The share of the query's topic terms found in the question or its alternates.</summary>
    private double Coverage(IReadOnlyList<string> queryTerms, string question, List<string> alternates)
    {
        var topical = queryTerms.Where(t => !TextAnalyzer.IsStopWord(t)).Distinct(StringComparer.Ordinal).ToList();
        if (topical.Count == 0)
        {
            topical = queryTerms.Distinct(StringComparer.Ordinal).ToList();
        }

        var entryTerms = new HashSet<string>(analyzer.Analyze(question), StringComparer.Ordinal);
        foreach (var alternate in alternates)
        {
            entryTerms.UnionWith(analyzer.Analyze(alternate));
        }

        return topical.Count == 0 ? 0 : (double)topical.Count(entryTerms.Contains) / topical.Count;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
