using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using QwenHelp.Domain.Conversations;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Domain.Text;

namespace QwenHelp.Domain.Prompting;

/// <summary>
/// Builds the messages sent to the model for one turn, inside the <see cref="ContextBudget"/>:
/// the system prompt and fixed rules, the customer's pinned facts, the running summary, the
/// retrieved knowledge as numbered passages ([1], [2] … which the answer cites), the recent
/// history verbatim, and the question. What does not fit goes in this order: the lowest-ranked
/// passages beyond the knowledge share, the oldest history, the oldest summary lines, the oldest
/// facts; the question and the system prompt are cut only when nothing else is left.
/// </summary>
public sealed class PromptBuilder(ITokenCounter tokens, ContextBudget budget)
{
    /// <summary>The smallest useful knowledge passage, in tokens: shorter than this is not worth including cut.</summary>
    private const int MinPassageTokens = 48;

    public ContextBudget Budget => budget;

    public PromptPlan Build(PromptInput input)
    {
        var withTools = input.Tools.Count > 0;
        var limit = budget.PromptLimit(withTools);
        var toolTokens = input.Tools.Sum(ToolTokens);
        var overhead = budget.MessageOverhead;

        // Fixed parts: system prompt + rules, the question, the template around them.
        var header = input.SystemPrompt.Trim() + "\n\n" + SystemPrompts.Rules(input.Language, withTools);
        var question = input.Question;
        var fixedTokens = tokens.CountTokens(header) + tokens.CountTokens(question) + (3 * overhead) + toolTokens;
        if (fixedTokens > limit)
        {
            // Only a tiny context or a huge message gets here: keep the start of each.
            question = Clip(question, Math.Max(16, (limit - toolTokens - (3 * overhead)) / 3));
            header = Clip(header, Math.Max(16, limit - toolTokens - (3 * overhead) - tokens.CountTokens(question)));
            fixedTokens = tokens.CountTokens(header) + tokens.CountTokens(question) + (3 * overhead) + toolTokens;
        }

        var remaining = Math.Max(0, limit - fixedTokens);

        // Pinned facts: small, and the point of pinning is that they stay; newest first if they must go.
        var facts = new List<string>();
        var factTokens = 0;
        foreach (var fact in input.Facts.Reverse())
        {
            var line = $"- {PinnedFactKinds.Label(fact.Kind, input.Language)}: {fact.Value}";
            var cost = tokens.CountTokens(line) + 1;
            if (factTokens + cost + 8 > remaining / 4)
            {
                break;
            }

            facts.Insert(0, line);
            factTokens += cost;
        }

        if (facts.Count > 0)
        {
            factTokens += tokens.CountTokens(SystemPrompts.FactsHeading(input.Language)) + 2;
        }

        remaining -= factTokens;

        // Knowledge: passages best first, within the knowledge share.
        var knowledgeCap = (int)(remaining * budget.KnowledgeShare);
        var passages = new List<(RetrievedPassage Passage, string Text)>();
        var knowledgeTokens = tokens.CountTokens(SystemPrompts.KnowledgeHeading(input.Language)) + 2;
        foreach (var passage in input.Passages)
        {
            var block = PassageBlock(passages.Count + 1, passage.Title, passage.Text);
            var cost = tokens.CountTokens(block) + 2;
            if (knowledgeTokens + cost > knowledgeCap)
            {
                var room = knowledgeCap - knowledgeTokens - tokens.CountTokens(PassageBlock(passages.Count + 1, passage.Title, "")) - 4;
                if (passages.Count == 0 && room >= MinPassageTokens)
                {
                    // The best passage alone is too long: include its beginning rather than nothing.
                    block = PassageBlock(1, passage.Title, ClipToTokens(passage.Text, room));
                    cost = tokens.CountTokens(block) + 2;
                    passages.Add((passage, block));
                    knowledgeTokens += cost;
                }

                break;
            }

            passages.Add((passage, block));
            knowledgeTokens += cost;
        }

        remaining -= knowledgeTokens;

        // Summary: the newest lines, within the summary share.
        var summary = input.Summary ?? "";
        var summaryTokens = 0;
        if (summary.Length > 0)
        {
            var cap = (int)(remaining * budget.SummaryShare);
            var lines = summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            summaryTokens = tokens.CountTokens(SystemPrompts.SummaryHeading(input.Language)) + 2;
            var kept = new List<string>();
            for (var i = lines.Count - 1; i >= 0; i--)
            {
                var cost = tokens.CountTokens(lines[i]) + 1;
                if (summaryTokens + cost > cap)
                {
                    break;
                }

                kept.Insert(0, lines[i]);
                summaryTokens += cost;
            }

            summary = string.Join('\n', kept);
            summaryTokens = summary.Length == 0 ? 0 : summaryTokens;
        }

        remaining -= summaryTokens;

        // History: newest messages first, while they fit whole.
        var history = new List<ChatMessage>();
        var historyTokens = 0;
        var dropped = 0;
        for (var i = input.RecentHistory.Count - 1; i >= 0; i--)
        {
            var message = input.RecentHistory[i];
            if (message.Role == MessageRole.System)
            {
                continue;
            }

            var cost = tokens.CountTokens(message.Text) + overhead;
            if (historyTokens + cost > remaining)
            {
                dropped = i + 1;
                break;
            }

            history.Insert(0, new ChatMessage(message.Role == MessageRole.Customer ? ChatRole.User : ChatRole.Assistant, message.Text));
            historyTokens += cost;
        }

        var system = new StringBuilder(header);
        if (facts.Count > 0)
        {
            system.Append("\n\n").Append(SystemPrompts.FactsHeading(input.Language)).Append('\n').AppendJoin('\n', facts);
        }

        if (summary.Length > 0)
        {
            system.Append("\n\n").Append(SystemPrompts.SummaryHeading(input.Language)).Append('\n').Append(summary);
        }

        system.Append("\n\n");
        if (passages.Count > 0)
        {
            system.Append(SystemPrompts.KnowledgeHeading(input.Language)).Append('\n').AppendJoin("\n\n", passages.Select(p => p.Text));
        }
        else
        {
            system.Append(SystemPrompts.NoKnowledge(input.Language));
        }

        var messages = new List<ChatMessage>(history.Count + 2) { new(ChatRole.System, system.ToString()) };
        messages.AddRange(history);
        messages.Add(new ChatMessage(ChatRole.User, question));

        // The sections were costed one by one; the joined text is counted once more, and history
        // gives way if the joins pushed it over (the estimate is not additive to the token).
        var total = Count(messages) + toolTokens;
        while (total > limit && messages.Count > 2)
        {
            messages.RemoveAt(1);
            dropped++;
            total = Count(messages) + toolTokens;
        }

        if (total > limit)
        {
            messages[0] = new ChatMessage(ChatRole.System, ClipToTokens(messages[0].Text, Math.Max(16, tokens.CountTokens(messages[0].Text) - (total - limit) - 8)));
            total = Count(messages) + toolTokens;
        }

        return new PromptPlan(
            messages,
            passages.Select(p => p.Passage).ToList(),
            total,
            limit,
            new PromptUsage(tokens.CountTokens(header), toolTokens, factTokens, summaryTokens, knowledgeTokens, historyTokens,
                messages.Count - 2, dropped, passages.Count, input.Passages.Count - passages.Count));
    }

    /// <summary>Tokens of a prompt as <see cref="Build"/> counts them: text plus template overhead per message.</summary>
    public int Count(IEnumerable<ChatMessage> messages) => messages.Sum(m => tokens.CountTokens(m.Text) + budget.MessageOverhead);

    public int ToolTokens(AITool tool) => tool is AIFunctionDeclaration f
        ? tokens.CountTokens(f.Name) + tokens.CountTokens(f.Description) + tokens.CountTokens(f.JsonSchema.GetRawText()) + budget.MessageOverhead
        : tokens.CountTokens(tool.Name) + tokens.CountTokens(tool.Description) + budget.MessageOverhead;

    private static string PassageBlock(int number, string title, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"[{number}] {title}\n{text}");

    private string ClipToTokens(string text, int maxTokens)
    {
        if (tokens.CountTokens(text) <= maxTokens)
        {
            return text;
        }

        // Binary search on length: the counter is monotone in the prefix length.
        int low = 0, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (tokens.CountTokens(text[..mid]) + 1 <= maxTokens)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low > 0 && char.IsHighSurrogate(text[low - 1]))
        {
            low--;
        }

        return text[..low] + "…";
    }

    private string Clip(string text, int maxTokens) => ClipToTokens(text, maxTokens);
}

/// <summary>Everything the prompt of one turn is made of.</summary>
/// <param name="RecentHistory">The history window, oldest first, without the current question.</param>
/// <param name="Passages">Retrieved knowledge, best first.</param>
public sealed record PromptInput(
    string Language,
    string SystemPrompt,
    string Question,
    IReadOnlyList<HistoryMessage> RecentHistory,
    string? Summary,
    IReadOnlyList<PinnedFact> Facts,
    IReadOnlyList<RetrievedPassage> Passages,
    IReadOnlyList<AITool> Tools);

/// <summary>The messages to send, the passages as numbered in them, and what the prompt costs.</summary>
/// <param name="Passages">Passage n of the prompt is <c>Passages[n - 1]</c>.</param>
/// <param name="PromptTokens">Counted as the budget counts: text, template overhead and tool schemas.</param>
/// <param name="Limit">What the prompt was allowed: context minus the answer (and tool) reserve.</param>
public sealed record PromptPlan(IList<ChatMessage> Messages, IReadOnlyList<RetrievedPassage> Passages, int PromptTokens, int Limit, PromptUsage Usage);

/// <summary>Tokens per section, and how many history messages and passages were left out.</summary>
public sealed record PromptUsage(int System, int Tools, int Facts, int Summary, int Knowledge, int History, int HistoryMessages, int HistoryMessagesDropped, int Passages, int PassagesDropped);
