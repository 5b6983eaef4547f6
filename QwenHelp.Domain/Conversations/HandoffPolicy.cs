using QwenHelp.Domain.Guardrails;

namespace QwenHelp.Domain.Conversations;

/// <summary>
/// Decides, every turn, whether a conversation goes to a person: an explicit request, a configured
/// sensitive topic, strong negative sentiment (checked on the customer's message before answering),
/// or too many consecutive answers that found nothing (checked after answering).
/// </summary>
public sealed class HandoffPolicy
{
    private const int NegationReach = 8;

    private readonly HandoffRules _rules;
    private readonly AhoCorasick _requests;
    private readonly AhoCorasick _notRequests;
    private readonly AhoCorasick _negations;
    private readonly AhoCorasick _sensitive;
    private readonly SentimentScorer _sentiment;

    public HandoffPolicy(HandoffRules rules)
    {
        _rules = rules;
        _requests = new AhoCorasick(rules.ExplicitPhrases);
        _notRequests = new AhoCorasick(rules.NotRequests);
        _negations = new AhoCorasick(rules.NegatingPhrases);
        _sensitive = new AhoCorasick(rules.SensitiveTopics);
        _sentiment = new SentimentScorer(rules.NegativeTerms);
    }

    /// <summary>The rules checked on a customer's message before it is answered.</summary>
    public HandoffDecision? BeforeAnswer(string message)
    {
        if (IsExplicitRequest(message))
        {
            return new HandoffDecision(HandoffReasons.CustomerRequest, null);
        }

        var topic = _sensitive.FindAll(message).Where(m => SentimentScorer.IsWordAt(message, m)).Select(_sensitive.TermOf).FirstOrDefault();
        if (topic is not null)
        {
            return new HandoffDecision(HandoffReasons.SensitiveTopic, topic);
        }

        if (_rules.SentimentThreshold > 0)
        {
            var score = _sentiment.Score(message);
            if (score >= _rules.SentimentThreshold)
            {
                return new HandoffDecision(HandoffReasons.NegativeSentiment, score.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>The rule checked after answering: <paramref name="unansweredStreak"/> counts this turn when it found nothing.</summary>
    public HandoffDecision? AfterAnswer(int unansweredStreak) =>
        _rules.UnansweredTurns > 0 && unansweredStreak >= _rules.UnansweredTurns
            ? new HandoffDecision(HandoffReasons.Unanswered, unansweredStreak.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : null;

    public double SentimentOf(string message) => _sentiment.Score(message);

    public bool IsExplicitRequest(string message)
    {
        var excluded = _notRequests.FindAll(message);
        var negations = _negations.FindAll(message).Where(m => SentimentScorer.IsWordAt(message, m)).ToList();
        foreach (var match in _requests.FindAll(message))
        {
            if (!SentimentScorer.IsWordAt(message, match) || excluded.Any(e => e.Start <= match.Start && e.End >= match.End))
            {
                continue;
            }

            if (negations.Any(n => n.End <= match.Start && match.Start - n.End <= NegationReach))
            {
                continue;
            }

            return true;
        }

        return false;
    }
}

/// <param name="Reason">One of <see cref="HandoffReasons"/>.</param>
/// <param name="Detail">The topic, the score or the streak that triggered it.</param>
public sealed record HandoffDecision(string Reason, string? Detail);

/// <summary>Why a conversation went to a person, as stored on the conversation and the turn.</summary>
public static class HandoffReasons
{
    public const string CustomerRequest = "customer_request";
    public const string Unanswered = "unanswered";
    public const string NegativeSentiment = "negative_sentiment";
    public const string SensitiveTopic = "sensitive_topic";

    /// <summary>The model called <c>handoff_to_human</c>.</summary>
    public const string ModelRequest = "model_request";
}
