using QwenHelp.Domain.Text;
using System.Text.RegularExpressions;

namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Heuristics for messages that try to steer the assistant instead of asking it something:
/// instructions to ignore its rules, to reveal its system prompt, role-play jailbreaks, and
/// forged chat-template markers. A hit is recorded and the message is answered from the
/// knowledge base only, never handed to the model (docs/decisions/0022).
/// </summary>
public static partial class PromptInjectionDetector
{
    public static InjectionVerdict Inspect(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return InjectionVerdict.None;
        }

        try
        {
            return InspectCore(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // A message that makes the patterns this slow is hostile in itself: treat it as an attempt.
            return new InjectionVerdict(true, [InjectionKinds.Unreadable]);
        }
    }

    private static InjectionVerdict InspectCore(string text)
    {
        var found = new List<string>();
        if (IgnoreRulesEn().IsMatch(text) || IgnoreRulesZh().IsMatch(text))
        {
            found.Add(InjectionKinds.IgnoreRules);
        }

        if (RevealPromptEn().IsMatch(text) || RevealPromptZh().IsMatch(text))
        {
            found.Add(InjectionKinds.RevealPrompt);
        }

        if (RolePlayEn().IsMatch(text) || RolePlayZh().IsMatch(text))
        {
            found.Add(InjectionKinds.RolePlay);
        }

        if (TemplateMarkers().IsMatch(text))
        {
            found.Add(InjectionKinds.TemplateMarkers);
        }

        return found.Count == 0 ? InjectionVerdict.None : new InjectionVerdict(true, found);
    }

    /// <summary>
    /// The message without its sentences that match the heuristics: what is left is the customer's
    /// real question (if any), which retrieval answers as if the injection had not been there.
    /// </summary>
    public static string WithoutInstructions(string text)
    {
        var kept = SentenceEnd().Split(text).Where(s => !string.IsNullOrWhiteSpace(s) && !Inspect(s).Detected).ToList();
        return kept.Count == 0 ? text : string.Join(' ', kept.Select(s => s.Trim()));
    }

    [GeneratedRegex(@"(?<=[.!?。！？\n])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(previous|prior|above|earlier|all|any|your|the|these|those|system)?\s*(instructions?|rules|prompts?|directions|guidelines|policies|restrictions|constraints|programming)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex IgnoreRulesEn();

    [GeneratedRegex(@"(忽略|无视|忽视|忘记|忘掉|不要遵守|不用遵守|绕过|跳过).{0,12}(指令|指示|规则|提示词?|设定|限制|要求|约束|系统)", RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex IgnoreRulesZh();

    [GeneratedRegex(@"\b(reveal|show|print|display|repeat|output|tell|give|leak|dump|what\s+(is|are|was|were))\b.{0,40}\b(system\s*prompt|initial\s*(prompt|instructions)|hidden\s*(prompt|instructions)|your\s*(instructions|prompt|rules|guidelines|configuration)|the\s*(prompt|instructions)\s*(above|you\s+were\s+given))", RegexOptions.IgnoreCase | RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex RevealPromptEn();

    [GeneratedRegex(@"(告诉我|显示|输出|打印|泄露|重复|说出|给我看|展示|透露).{0,10}(系统提示|提示词|系统指令|初始指令|系统设定|你的指令|你的设定|你的规则|prompt)|(系统提示词?|提示词|系统指令|初始指令|系统设定).{0,10}(告诉我|发给我|给我看|输出|打印|显示出来|泄露|透露|是什么)", RegexOptions.IgnoreCase | RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex RevealPromptZh();

    [GeneratedRegex(@"\b(you\s+are\s+now|from\s+now\s+on\s+you\s+are|pretend\s+(to\s+be|you\s+are)|act\s+as|role-?play\s+as|you\s+will\s+play)\b.{0,60}\b(DAN|jailbr\w*|unrestricted|unfiltered|uncensored|no\s+(rules|restrictions|limits|filters)|without\s+(any\s+)?(rules|restrictions|limits|filters)|evil|developer\s+mode)|\b(DAN\s+mode|developer\s+mode|do\s+anything\s+now|jailbreak)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex RolePlayEn();

    [GeneratedRegex(@"((你现在是|从现在起你是|从现在开始你是|假装你是|假装成|扮演|你将扮演).{0,30}(没有(任何)?限制|不受(任何)?限制|无限制|不受约束|邪恶|越狱|开发者模式|DAN))|越狱模式|开发者模式", RegexOptions.IgnoreCase | RegexOptions.Singleline, RegexTimeouts.Milliseconds)]
    private static partial Regex RolePlayZh();

    [GeneratedRegex(@"<\|im_(start|end)\|>|<\|endoftext\|>|<\|system\|>|^\s*(#{2,}\s*)?(system|assistant)\s*:|\[/?INST\]|\[system\]", RegexOptions.IgnoreCase | RegexOptions.Multiline, RegexTimeouts.Milliseconds)]
    private static partial Regex TemplateMarkers();
}

/// <summary>The kinds of prompt-injection the heuristics recognize, as recorded in the turn metrics.</summary>
public static class InjectionKinds
{
    public const string IgnoreRules = "ignore_rules";
    public const string RevealPrompt = "reveal_prompt";
    public const string RolePlay = "role_play";
    public const string TemplateMarkers = "template_markers";
    public const string Unreadable = "unreadable";
}

public sealed record InjectionVerdict(bool Detected, IReadOnlyList<string> Kinds)
{
    public static InjectionVerdict None { get; } = new(false, []);
}
