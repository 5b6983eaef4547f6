using System.Text;
using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Domain.Conversations;

/// <summary>
/// The running summary without a model: one short line per message that slid out of the window
/// (its first sentence, clipped), appended to the previous summary; when the summary grows past its
/// limit the oldest lines go. Facts worth keeping word for word are pinned separately.
/// </summary>
public static class ExtractiveSummarizer
{
    public const int MaxLineCharacters = 120;

    public static string Fold(string? previous, IEnumerable<HistoryMessage> slidOut, string language, int maxCharacters)
    {
        var lines = (previous ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var message in slidOut)
        {
            if (message.Role == MessageRole.System || string.IsNullOrWhiteSpace(message.Text))
            {
                continue;
            }

            lines.Add($"{Speaker(message.Role, language)}: {FirstSentence(message.Text)}");
        }

        var total = lines.Sum(l => l.Length + 1);
        var skip = 0;
        while (total > maxCharacters && skip < lines.Count)
        {
            total -= lines[skip++].Length + 1;
        }

        return string.Join('\n', lines.Skip(skip));
    }

    internal static string FirstSentence(string text)
    {
        var flat = new StringBuilder(Math.Min(text.Length, MaxLineCharacters + 1));
        foreach (var c in text)
        {
            if (flat.Length > 0 && c is '。' or '？' or '！' or '?' or '!' or '\n')
            {
                if (c != '\n')
                {
                    flat.Append(c);
                }

                break;
            }

            if (flat.Length >= MaxLineCharacters)
            {
                flat.Append('…');
                break;
            }

            flat.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }

        return flat.ToString().Trim();
    }

    private static string Speaker(MessageRole role, string language) => (role, language == Languages.Chinese) switch
    {
        (MessageRole.Customer, true) => "客户",
        (MessageRole.Customer, false) => "Customer",
        (MessageRole.Agent, true) => "人工客服",
        (MessageRole.Agent, false) => "Agent",
        (_, true) => "助手",
        _ => "Assistant",
    };
}
