using Microsoft.Extensions.Options;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Chat;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// A keyword-only <see cref="IKnowledgeRetriever"/> over the FTS5 FAQ index: the Foundation's
/// retrieval, kept until the hybrid (keyword + vector, fused) retriever replaces its registration.
/// Confidence is the share of the question's topic terms the FAQ entry covers.
/// </summary>
public sealed class KeywordKnowledgeRetriever(IFaqSearch faqSearch, IOptions<ChatOptions> options) : IKnowledgeRetriever
{
    public async Task<RetrievalResult> RetrieveAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return RetrievalResult.Empty;
        }

        var matches = await faqSearch.SearchAsync(query.Text, query.Language, query.Limit, cancellationToken);
        var passages = matches
            .Select((m, i) => new RetrievedPassage(PassageKind.Faq, m.FaqId, m.Question, m.Answer, m.Language, m.Score, m.Coverage,
                [new RetrieverHit("keyword", i + 1, m.Score)]))
            .ToList();
        var confident = passages.Count > 0 && passages[0].Confidence >= options.Value.ConfidentCoverage ? passages[0] : null;
        return new RetrievalResult(passages, confident);
    }
}
