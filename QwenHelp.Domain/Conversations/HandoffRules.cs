namespace QwenHelp.Domain.Conversations;

/// <summary>
/// When the assistant hands a conversation to a person. Admin-editable (stored with the engine
/// settings); these are the shipped defaults.
/// </summary>
public sealed record HandoffRules
{
    /// <summary>Phrases that ask for a person, Chinese and English.</summary>
    public IReadOnlyList<string> ExplicitPhrases { get; init; } =
    [
        "转人工", "人工客服", "人工服务", "找人工", "要人工", "接人工", "真人客服", "真人", "客服人员", "人工",
        "human", "real person", "live agent", "agent", "human agent", "representative", "operator",
        "talk to someone", "speak to someone", "talk to a person", "speak to a person", "customer service agent",
    ];

    /// <summary>Longer words that contain a request phrase without being one ("人工智能" is AI, not a person).</summary>
    public IReadOnlyList<string> NotRequests { get; init; } = ["人工智能", "human error", "human-readable", "user agent", "agent of"];

    /// <summary>Phrases that, just before a request phrase, turn it around ("不要转人工", "no human").</summary>
    public IReadOnlyList<string> NegatingPhrases { get; init; } =
        ["不要", "不用", "不需要", "无需", "别", "不想", "no", "not", "don't", "do not", "without", "never", "not a", "no need for"];

    /// <summary>Hand off after this many consecutive answers that found nothing (0 turns the rule off).</summary>
    public int UnansweredTurns { get; init; } = 2;

    /// <summary>Hand off when one message's negative-sentiment score reaches this (0 turns the rule off).</summary>
    public double SentimentThreshold { get; init; } = 3.0;

    /// <summary>Negative terms and their weights for <see cref="SentimentScorer"/>.</summary>
    public IReadOnlyDictionary<string, double> NegativeTerms { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["angry"] = 2, ["furious"] = 3, ["terrible"] = 2, ["awful"] = 2, ["horrible"] = 2, ["worst"] = 3, ["useless"] = 2,
        ["ridiculous"] = 2, ["scam"] = 3, ["fraud"] = 3, ["unacceptable"] = 2.5, ["disappointed"] = 1.5, ["disappointing"] = 1.5,
        ["waste of time"] = 2, ["hate"] = 2, ["pathetic"] = 2.5, ["rip-off"] = 3, ["ripoff"] = 3, ["incompetent"] = 2.5,
        ["complaint"] = 1.5, ["fed up"] = 2, ["sick of"] = 2, ["annoyed"] = 1.5, ["upset"] = 1.5, ["bad"] = 1, ["stupid"] = 2,
        ["生气"] = 2, ["愤怒"] = 3, ["气死"] = 3, ["太差"] = 2, ["差劲"] = 2, ["垃圾"] = 3, ["骗子"] = 3, ["骗人"] = 3,
        ["投诉"] = 2, ["失望"] = 1.5, ["无语"] = 1.5, ["离谱"] = 2, ["坑人"] = 3, ["恶心"] = 2, ["烂"] = 1.5, ["不满"] = 1.5,
        ["忍无可忍"] = 3, ["受不了"] = 2, ["什么破"] = 2.5, ["破玩意"] = 2.5, ["退钱"] = 1.5, ["欺诈"] = 3, ["黑店"] = 3, ["糟糕"] = 1.5,
    };

    /// <summary>Topics a person should handle; mentioning one hands off at once.</summary>
    public IReadOnlyList<string> SensitiveTopics { get; init; } =
    [
        "lawyer", "lawsuit", "legal action", "sue you", "court", "police", "consumer association", "data breach", "hacked", "stolen card", "chargeback",
        "律师", "起诉", "法院", "报警", "警察", "消协", "12315", "工商局", "泄露", "被盗", "盗刷", "诈骗",
    ];
}
