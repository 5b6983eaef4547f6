using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// The retrieval engine: keyword search (BM25 over the analyzer's terms) and vector search (the
/// configured embedder) over FAQ entries and knowledge chunks, fused by reciprocal rank fusion into
/// one list with provenance, each passage with a calibrated confidence, and the confident-FAQ decision.
/// When the embedder fails the answer goes on with keyword search alone.
/// </summary>
public sealed partial class HybridKnowledgeRetriever(
    KnowledgeIndex index,
    TextAnalyzer analyzer,
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    IOptions<RetrievalOptions> options,
    ILogger<HybridKnowledgeRetriever> logger) : IKnowledgeRetriever
{
    public const string KeywordRetriever = "keyword";
    public const string VectorRetriever = "vector";

    /// <summary>
    /// The keyword fields coverage is measured against: the first two, which are an FAQ entry's question
    /// and alternate phrasings (not its answer), and a chunk's heading and text (see <see cref="PassageTexts.Fields"/>).
    /// </summary>
    private const byte CoverageFields = 0b011;

    public async Task<RetrievalResult> RetrieveAsync(RetrievalQuery query, CancellationToken cancellationToken) =>
        (await SearchAsync(query, options.Value.Mode, cancellationToken)).Result;

    /// <summary>Retrieval in the given mode, with the evidence behind each passage's confidence.</summary>
    public async Task<DetailedRetrieval> SearchAsync(RetrievalQuery query, RetrievalMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        var text = query.Text?.Trim() ?? "";
        if (text.Length == 0 || query.Limit <= 0)
        {
            return DetailedRetrieval.Empty;
        }

        if (text.Length > settings.MaxQueryCharacters)
        {
            text = text[..settings.MaxQueryCharacters];
        }

        await index.EnsureLoadedAsync(cancellationToken);
        var terms = analyzer.Analyze(text, settings.MaxQueryTerms * 4).Distinct(StringComparer.Ordinal).Take(settings.MaxQueryTerms).ToList();
        var candidates = Math.Max(settings.Candidates, query.Limit);

        var topical = TopicalTerms(terms);
        // Keyword ranking takes well under a millisecond: it runs inline rather than paying for a thread hop.
        var keywordHits = mode == RetrievalMode.Vector
            ? []
            : index.Keyword.Search(terms, candidates, query.Language, settings.OtherLanguageFactor);

        float[]? queryVector = null;
        IReadOnlyList<ScoredPassage> vectorHits = [];
        var serving = index.Serving;
        var vectors = serving?.Vectors;
        if (vectors is not null && vectors.Count > 0 && mode != RetrievalMode.Keyword)
        {
            try
            {
                queryVector = await serving!.Embedder.EmbedQueryAsync(text, cancellationToken);
                vectorHits = vectors.Search(queryVector, candidates, query.Language, settings.OtherLanguageFactor);
            }
            catch (EmbeddingException e)
            {
                LogQueryEmbeddingFailed(e.Message);
            }
        }

        var calibration = EmbedderCalibration.For(vectors?.ModelId, settings);
        List<RankedList> lists = mode switch
        {
            RetrievalMode.Keyword => [new(KeywordRetriever, 1.0, keywordHits)],
            RetrievalMode.Vector => [new(VectorRetriever, 1.0, vectorHits)],
            _ => [new(KeywordRetriever, calibration.KeywordWeight, keywordHits), new(VectorRetriever, calibration.VectorWeight, vectorHits)],
        };
        var fused = ReciprocalRankFusion.Fuse(lists, settings.RrfK);
        if (fused.Count == 0)
        {
            return DetailedRetrieval.Empty;
        }

        var maxScore = ReciprocalRankFusion.MaxScore(lists.Where(l => l.Hits.Count > 0), settings.RrfK);
        var top = fused.Take(query.Limit + 1).ToList();
        var sources = await LoadSourcesAsync(top.Select(f => f.Key).ToList(), cancellationToken);

        var passages = new List<RetrievedPassage>();
        var evidence = new List<ConfidenceFeatures>();
        top = top.Where(f => sources.ContainsKey(f.Key)).ToList(); // deleted since they were found
        // The similarity weights are fitted per embedder; one without a fit scores on its own scale, so
        // confidence then rests on keyword evidence.
        var calibrated = calibration.Calibrated;

        // Null where there is nothing to compare: no query vector (the embedder failed) or none for the passage (stale).
        var similarities = top.Select(f => queryVector is null ? null : vectors?.Similarity(f.Key, queryVector) is { } similarity ? Math.Max(0, similarity) : (double?)null).ToList();
        for (var i = 0; i < top.Count && passages.Count < query.Limit; i++)
        {
            var candidate = top[i];
            var source = sources[candidate.Key];
            var runnerUp = similarities.Where((_, j) => j != i).Select(x => x ?? 0).DefaultIfEmpty(0).Max();
            var features = new ConfidenceFeatures(
                index.Keyword.Coverage(candidate.Key, topical, CoverageFields),
                similarities[i] ?? 0,
                candidate.Provenance.Count(h => h.Rank == 1) >= 2,
                similarities[i] is { } own ? Math.Max(0, own - runnerUp) : 0,
                HasVector: similarities[i] is not null && calibrated);
            evidence.Add(features);
            passages.Add(new RetrievedPassage(candidate.Key.Kind, candidate.Key.Id, source.Title, source.Text, source.Language, candidate.Score,
                ConfidenceModel.Confidence(features, calibration.Confidence), candidate.Provenance));
        }

        if (ExactQuestionMatch(text, passages, sources) is { } exact)
        {
            // The customer asked an FAQ question as written (give or take case, punctuation, word forms and
            // word order): that entry is the answer, first and certain, whatever the retrievers' scores say.
            var passage = passages[exact] with { Confidence = 1.0 };
            var features = evidence[exact];
            passages.RemoveAt(exact);
            evidence.RemoveAt(exact);
            passages.Insert(0, passage);
            evidence.Insert(0, features);
        }

        var bestFaq = passages.FirstOrDefault(p => p.Kind == PassageKind.Faq);
        var confident = bestFaq is not null && bestFaq.Confidence >= calibration.DirectThreshold ? bestFaq : null;
        return new DetailedRetrieval(new RetrievalResult(passages, confident), evidence);
    }

    /// <summary>
    /// The index of the FAQ passage whose question or an alternate phrasing has exactly the query's
    /// terms (the analyzer's: case, punctuation, full-width forms, word forms and word order do not
    /// count); null when none has.
    /// </summary>
    private int? ExactQuestionMatch(string query, List<RetrievedPassage> passages, Dictionary<PassageKey, PassageSource> sources)
    {
        var key = QuestionKey(query);
        if (key.Length == 0)
        {
            return null;
        }

        for (var i = 0; i < passages.Count; i++)
        {
            if (passages[i].Kind == PassageKind.Faq
                && sources.TryGetValue(PassageKey.Faq(passages[i].SourceId), out var source)
                && source.Questions.Any(q => QuestionKey(q) == key))
            {
                return i;
            }
        }

        return null;
    }

    private string QuestionKey(string text) =>
        string.Join(' ', analyzer.Analyze(text, 256).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Query terms that carry the topic; all of them when every one is a stop word ("how are you").</summary>
    private static List<string> TopicalTerms(List<string> terms)
    {
        var topical = terms.Where(t => !TextAnalyzer.IsStopWord(t)).ToList();
        return topical.Count > 0 ? topical : terms;
    }

    private async Task<Dictionary<PassageKey, PassageSource>> LoadSourcesAsync(IReadOnlyList<PassageKey> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<PassageKey, PassageSource>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);

        var faqIds = keys.Where(k => k.Kind == PassageKind.Faq).Select(k => k.Id).ToList();
        if (faqIds.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, question, answer, language, alternate_questions FROM faq_entries WHERE id IN ({string.Join(',', faqIds)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var question = reader.GetString(1);
                var alternates = System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [];
                result[PassageKey.Faq(reader.GetInt32(0))] = new PassageSource(question, reader.GetString(2), reader.GetString(3), [question, .. alternates]);
            }
        }

        var chunkIds = keys.Where(k => k.Kind == PassageKind.Chunk).Select(k => k.Id).ToList();
        if (chunkIds.Count > 0)
        {
            await ReadChunksAsync(connection, chunkIds, result, cancellationToken);
        }

        return result;
    }

    private static async Task ReadChunksAsync(DbConnection connection, List<int> chunkIds, Dictionary<PassageKey, PassageSource> result, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.id, c.heading, c.text, d.title, d.language
            FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
            WHERE c.id IN ({string.Join(',', chunkIds)})
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var title = PassageTexts.ChunkContext(reader.GetString(3), reader.IsDBNull(1) ? null : reader.GetString(1));
            var text = reader.GetString(2);
            result[PassageKey.Chunk(reader.GetInt32(0))] = new PassageSource(title, text, reader.GetString(4), []);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The query could not be embedded; answering from keyword search alone: {Reason}")]
    private partial void LogQueryEmbeddingFailed(string reason);

    /// <param name="Questions">An FAQ entry's question and alternate phrasings (none for a chunk).</param>
    private sealed record PassageSource(string Title, string Text, string Language, IReadOnlyList<string> Questions);
}

/// <summary>A retrieval result with the evidence behind each passage's confidence (same order as the passages).</summary>
public sealed record DetailedRetrieval(RetrievalResult Result, IReadOnlyList<ConfidenceFeatures> Evidence)
{
    public static DetailedRetrieval Empty { get; } = new(RetrievalResult.Empty, []);
}
