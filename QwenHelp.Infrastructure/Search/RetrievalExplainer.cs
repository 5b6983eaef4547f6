using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Embeddings;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Shows the work of retrieval for the search playground: each retriever's own ranked list, the
/// fused result, and — for "why wasn't this found?" — where one FAQ entry or chunk stands in each
/// list and after fusion, and how the analyzer split the query and the passage. Read-only; it
/// uses the indexes' public surface and repeats the retriever's steps (terms, candidates, fusion)
/// with the same settings, so what it shows is what a customer's question meets.
/// </summary>
public sealed class RetrievalExplainer(
    KnowledgeIndex index,
    TextAnalyzer analyzer,
    HybridKnowledgeRetriever retriever,
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    IOptions<RetrievalOptions> options)
{
    /// <summary>The keyword, vector and fused lists for a query, best first, each at most <paramref name="limit"/> long.</summary>
    public async Task<QueryExplanation> ExplainQueryAsync(string query, string language, int limit, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var text = Clip(query);
        await index.EnsureLoadedAsync(cancellationToken);
        var terms = QueryTerms(text);
        var keyword = index.Keyword.Search(terms, limit, language, settings.OtherLanguageFactor);
        var (vector, vectorNote) = await VectorSearchAsync(text, language, limit, cancellationToken);
        var fused = text.Length == 0 ? DetailedRetrieval.Empty : await retriever.SearchAsync(new RetrievalQuery(text, language, limit), settings.Mode, cancellationToken);

        var titles = await TitlesAsync(keyword.Select(h => h.Key).Concat(vector.Select(h => h.Key)).Distinct().ToList(), cancellationToken);
        return new QueryExplanation(
            terms,
            keyword.Select((h, i) => Listed(i + 1, h, titles)).ToList(),
            vector.Select((h, i) => Listed(i + 1, h, titles)).ToList(),
            fused.Result.Passages.Select((p, i) => new FusedHit(i + 1, new PassageKey(p.Kind, p.SourceId), p.Title, p.Score, p.Confidence, p.Provenance,
                i < fused.Evidence.Count ? fused.Evidence[i] : default)).ToList(),
            fused.Result.ConfidentFaq is { } confident ? new PassageKey(confident.Kind, confident.SourceId) : null,
            settings.Mode,
            vectorNote);
    }

    /// <summary>Where one passage stands for a query in each retriever and after fusion, and why. Null when the passage does not exist.</summary>
    /// <param name="returned">How many passages a customer's question retrieves (what "found" means).</param>
    public async Task<MissExplanation?> ExplainMissAsync(string query, string language, PassageKey target, int returned = 8, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(returned);
        var settings = options.Value;
        var passage = await LoadPassageAsync(target, cancellationToken);
        if (passage is null)
        {
            return null;
        }

        var text = Clip(query);
        await index.EnsureLoadedAsync(cancellationToken);
        var terms = QueryTerms(text);

        // Every list in full, so the target's rank is known however far down it is.
        var keywordAll = index.Keyword.Search(terms, Math.Max(1, index.Keyword.Count), language, settings.OtherLanguageFactor);
        var keyword = Position(keywordAll, target);

        IReadOnlyList<ScoredPassage> vectorAll = [];
        double? cosine = null;
        var serving = index.Serving;
        var vectors = serving?.Vectors;
        string? vectorNote = null;
        if (vectors is null || vectors.Count == 0)
        {
            vectorNote = "no-vectors";
        }
        else if (text.Length > 0)
        {
            try
            {
                var queryVector = await serving!.Embedder.EmbedQueryAsync(text, cancellationToken);
                vectorAll = vectors.Search(queryVector, vectors.Count, language, settings.OtherLanguageFactor);
                cosine = vectors.Similarity(target, queryVector);
                if (cosine is null)
                {
                    vectorNote = "passage-has-no-vector";
                }
            }
            catch (EmbeddingException e)
            {
                vectorNote = "embedder-failed: " + e.Message;
            }
        }

        var vector = Position(vectorAll, target);

        // Fusion exactly as the retriever does it: only each retriever's top candidates take part.
        var candidates = Math.Max(settings.Candidates, returned);
        var calibration = EmbedderCalibration.For(index.Serving?.Vectors.ModelId, settings);
        List<RankedList> lists = settings.Mode switch
        {
            RetrievalMode.Keyword => [new(HybridKnowledgeRetriever.KeywordRetriever, 1.0, keywordAll.Take(candidates).ToList())],
            RetrievalMode.Vector => [new(HybridKnowledgeRetriever.VectorRetriever, 1.0, vectorAll.Take(candidates).ToList())],
            _ => [new(HybridKnowledgeRetriever.KeywordRetriever, calibration.KeywordWeight, keywordAll.Take(candidates).ToList()),
                  new(HybridKnowledgeRetriever.VectorRetriever, calibration.VectorWeight, vectorAll.Take(candidates).ToList())],
        };
        var fusedAll = ReciprocalRankFusion.Fuse(lists, settings.RrfK);
        var fusedIndex = fusedAll.FindIndex(f => f.Key == target);
        var fused = fusedIndex < 0 ? null : new FusedPosition(fusedIndex + 1, fusedAll[fusedIndex].Score, fusedAll.Count);

        var result = text.Length == 0 ? DetailedRetrieval.Empty : await retriever.SearchAsync(new RetrievalQuery(text, language, returned), settings.Mode, cancellationToken);
        var returnedIndex = result.Result.Passages.ToList().FindIndex(p => p.Kind == target.Kind && p.SourceId == target.Id);

        var queryTermSet = terms.ToHashSet(StringComparer.Ordinal);
        var fields = passage.Fields.Select(f =>
        {
            var fieldTerms = analyzer.Analyze(f.Text);
            return new AnalyzedField(f.Name, fieldTerms, fieldTerms.Where(queryTermSet.Contains).Distinct().ToList());
        }).ToList();

        var reasons = new List<string>();
        if (!passage.Enabled)
        {
            reasons.Add(MissReasons.Disabled);
        }

        if (passage.Language != language)
        {
            reasons.Add(MissReasons.OtherLanguage);
        }

        if (terms.Count == 0)
        {
            reasons.Add(MissReasons.NoQueryTerms);
        }
        else if (fields.All(f => f.SharedTerms.Count == 0))
        {
            reasons.Add(MissReasons.NoSharedTerms);
        }

        if (settings.Mode != RetrievalMode.Keyword && vectorNote is not null)
        {
            reasons.Add(MissReasons.NoVector);
        }

        if (passage.Enabled && (keyword?.Rank ?? int.MaxValue) > candidates && (vector?.Rank ?? int.MaxValue) > candidates)
        {
            reasons.Add(MissReasons.OutsideCandidates);
        }
        else if (fused is not null && returnedIndex < 0)
        {
            reasons.Add(MissReasons.RankedBelowLimit);
        }

        if (returnedIndex >= 0 && target.Kind == PassageKind.Faq && result.Result.ConfidentFaq?.SourceId != target.Id)
        {
            reasons.Add(MissReasons.NotConfident);
        }

        return new MissExplanation(
            target, passage.Title, passage.Language, passage.Enabled, terms, fields,
            keyword, keywordAll.Count, vector, vectorAll.Count, cosine, vectorNote, fused,
            returnedIndex < 0 ? null : returnedIndex + 1,
            returnedIndex < 0 ? null : result.Result.Passages[returnedIndex].Confidence,
            returnedIndex >= 0 && result.Result.ConfidentFaq is { } c && c.Kind == target.Kind && c.SourceId == target.Id,
            candidates, returned, settings.Mode, reasons);
    }

    private List<string> QueryTerms(string text) =>
        analyzer.Analyze(text, options.Value.MaxQueryTerms * 4).Distinct(StringComparer.Ordinal).Take(options.Value.MaxQueryTerms).ToList();

    private string Clip(string? query)
    {
        var text = query?.Trim() ?? "";
        return text.Length > options.Value.MaxQueryCharacters ? text[..options.Value.MaxQueryCharacters] : text;
    }

    private async Task<(IReadOnlyList<ScoredPassage> Hits, string? Note)> VectorSearchAsync(string text, string language, int limit, CancellationToken cancellationToken)
    {
        var serving = index.Serving;
        var vectors = serving?.Vectors;
        if (vectors is null || vectors.Count == 0)
        {
            return ([], "no-vectors");
        }

        if (text.Length == 0)
        {
            return ([], null);
        }

        try
        {
            var queryVector = await serving!.Embedder.EmbedQueryAsync(text, cancellationToken);
            return (vectors.Search(queryVector, limit, language, options.Value.OtherLanguageFactor), null);
        }
        catch (EmbeddingException e)
        {
            return ([], "embedder-failed: " + e.Message);
        }
    }

    private static ListPosition? Position(IReadOnlyList<ScoredPassage> list, PassageKey target)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Key == target)
            {
                return new ListPosition(i + 1, list[i].Score, list[i].RawScore);
            }
        }

        return null;
    }

    private static ListedHit Listed(int rank, ScoredPassage hit, IReadOnlyDictionary<PassageKey, string> titles) =>
        new(rank, hit.Key, titles.GetValueOrDefault(hit.Key) ?? hit.Key.ToString(), hit.Score, hit.RawScore);

    private async Task<Dictionary<PassageKey, string>> TitlesAsync(IReadOnlyList<PassageKey> keys, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var faqIds = keys.Where(k => k.Kind == PassageKind.Faq).Select(k => k.Id).ToList();
        var chunkIds = keys.Where(k => k.Kind == PassageKind.Chunk).Select(k => k.Id).ToList();
        var titles = new Dictionary<PassageKey, string>();
        foreach (var faq in await db.FaqEntries.AsNoTracking().Where(e => faqIds.Contains(e.Id)).Select(e => new { e.Id, e.Question }).ToListAsync(cancellationToken))
        {
            titles[PassageKey.Faq(faq.Id)] = faq.Question;
        }

        foreach (var chunk in await db.KnowledgeChunks.AsNoTracking().Where(c => chunkIds.Contains(c.Id))
                     .Select(c => new { c.Id, c.Heading, c.Document!.Title }).ToListAsync(cancellationToken))
        {
            titles[PassageKey.Chunk(chunk.Id)] = PassageTexts.ChunkContext(chunk.Title, chunk.Heading);
        }

        return titles;
    }

    private async Task<TargetPassage?> LoadPassageAsync(PassageKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (key.Kind == PassageKind.Faq)
        {
            var entry = await db.FaqEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == key.Id, cancellationToken);
            return entry is null ? null : new TargetPassage(entry.Question, entry.Language, entry.Enabled,
            [
                new("question", entry.Question),
                new("alternates", string.Join('\n', entry.AlternateQuestions)),
                new("answer", entry.Answer),
            ]);
        }

        var chunk = await db.KnowledgeChunks.AsNoTracking().Include(c => c.Document).FirstOrDefaultAsync(c => c.Id == key.Id, cancellationToken);
        if (chunk is null)
        {
            return null;
        }

        var context = PassageTexts.ChunkContext(chunk.Document!.Title, chunk.Heading);
        return new TargetPassage(context, chunk.Document.Language, chunk.Document.Enabled, [new("heading", context), new("text", chunk.Text)]);
    }

    private sealed record TargetPassage(string Title, string Language, bool Enabled, IReadOnlyList<TargetField> Fields);

    private sealed record TargetField(string Name, string Text);
}

/// <summary>What the analyzer made of the query, each retriever's own list, and the fused result.</summary>
/// <param name="VectorNote">Why there is no vector list (<c>no-vectors</c>, <c>embedder-failed: …</c>); null when there is one.</param>
public sealed record QueryExplanation(
    IReadOnlyList<string> QueryTerms,
    IReadOnlyList<ListedHit> Keyword,
    IReadOnlyList<ListedHit> Vector,
    IReadOnlyList<FusedHit> Fused,
    PassageKey? ConfidentFaq,
    RetrievalMode Mode,
    string? VectorNote);

/// <param name="Score">What the retriever ranked by (lowered for another language).</param>
/// <param name="RawScore">bm25 or cosine similarity.</param>
public sealed record ListedHit(int Rank, PassageKey Key, string Title, double Score, double RawScore);

public sealed record FusedHit(int Rank, PassageKey Key, string Title, double Score, double Confidence, IReadOnlyList<RetrieverHit> Provenance, ConfidenceFeatures Evidence);

/// <summary>A passage's place in one retriever's full list.</summary>
public sealed record ListPosition(int Rank, double Score, double RawScore);

/// <summary>A passage's place after fusion, among <paramref name="Of"/> fused passages.</summary>
public sealed record FusedPosition(int Rank, double Score, int Of);

/// <summary>One field of the passage as the analyzer split it, and the terms it shares with the query.</summary>
public sealed record AnalyzedField(string Name, IReadOnlyList<string> Terms, IReadOnlyList<string> SharedTerms);

/// <summary>"Why wasn't this found?": the passage's standing for the query, with the reasons in <see cref="MissReasons"/> terms.</summary>
/// <param name="Keyword">Its place in the full keyword list; null when it is not in it (no shared term, or disabled).</param>
/// <param name="Vector">Its place in the full vector list; null when it is not in it.</param>
/// <param name="Cosine">Its vector's similarity to the query, even when disabled; null without a vector.</param>
/// <param name="Fused">Its place after fusing each retriever's top <paramref name="Candidates"/>; null when it is in neither.</param>
/// <param name="ReturnedRank">Its place among the passages a customer's question gets; null when it is not among them.</param>
/// <param name="AnsweredDirectly">It is the confident FAQ entry that would be answered directly.</param>
public sealed record MissExplanation(
    PassageKey Target,
    string Title,
    string Language,
    bool Enabled,
    IReadOnlyList<string> QueryTerms,
    IReadOnlyList<AnalyzedField> Fields,
    ListPosition? Keyword,
    int KeywordListed,
    ListPosition? Vector,
    int VectorListed,
    double? Cosine,
    string? VectorNote,
    FusedPosition? Fused,
    int? ReturnedRank,
    double? ReturnedConfidence,
    bool AnsweredDirectly,
    int Candidates,
    int Returned,
    RetrievalMode Mode,
    IReadOnlyList<string> Reasons);

/// <summary>Why a passage was not found (or not answered directly), as codes the playground explains in words.</summary>
public static class MissReasons
{
    public const string Disabled = "disabled";
    public const string OtherLanguage = "other_language";
    public const string NoQueryTerms = "no_query_terms";
    public const string NoSharedTerms = "no_shared_terms";
    public const string NoVector = "no_vector";
    public const string OutsideCandidates = "outside_candidates";
    public const string RankedBelowLimit = "ranked_below_limit";
    public const string NotConfident = "not_confident";
}
