namespace QwenHelp.Domain.Prompting;

/// <summary>
/// How the model's context is shared out. The prompt (system prompt and rules, tool schemas,
/// pinned facts, summary, knowledge, history, the question) never exceeds
/// <see cref="ContextTokens"/> minus <see cref="AnswerReserve"/> and, with tools,
/// <see cref="ToolReserve"/> for the tool-call round trips.
/// </summary>
/// <param name="ContextTokens">The model's context length.</param>
/// <param name="AnswerReserve">Kept free for the answer (and passed to the model as its output limit).</param>
/// <param name="ToolReserve">Kept free for tool calls and their results when tools are offered.</param>
/// <param name="KnowledgeShare">The most of what is left after the fixed parts that retrieved knowledge may take.</param>
/// <param name="SummaryShare">The most of what is left after knowledge that the running summary may take.</param>
/// <param name="MessageOverhead">Tokens the chat template adds around each message (role markers).</param>
public sealed record ContextBudget(
    int ContextTokens = 32768,
    int AnswerReserve = 1024,
    int ToolReserve = 512,
    double KnowledgeShare = 0.5,
    double SummaryShare = 0.25,
    int MessageOverhead = 6)
{
    /// <summary>What the prompt may use.</summary>
    public int PromptLimit(bool withTools) => ContextTokens - AnswerReserve - (withTools ? ToolReserve : 0);
}
