namespace QwenHelp.Infrastructure.Inference.Backends;

/// <summary>
/// Sits between the generated text and the reader: drops a leading &lt;think&gt; block and, when
/// tools are offered, holds everything from &lt;tool_call&gt; on so that tool calls reach the caller as
/// function calls, not as text. Text before them streams as it comes.
/// </summary>
public sealed class AnswerStreamFilter(bool watchToolCalls)
{
    private const string ToolCallTag = "<tool_call>";
    private const string ThinkOpen = "<think>";
    private const string ThinkClose = "</think>";

    private readonly System.Text.StringBuilder _pending = new();
    private readonly System.Text.StringBuilder _toolPart = new();
    private State _state = State.Start;

    private enum State
    {
        Start,
        Thinking,
        Text,
        ToolCalls,
    }

    /// <summary>The text of everything pushed that was not shown (from the first &lt;tool_call&gt; on).</summary>
    public string HeldToolText => _toolPart.ToString();

    /// <summary>Text that may be shown now.</summary>
    public string Push(string text)
    {
        _pending.Append(text);
        var shown = new System.Text.StringBuilder();
        while (true)
        {
            var pending = _pending.ToString();
            switch (_state)
            {
                case State.Start:
                    var trimmed = pending.TrimStart();
                    if (trimmed.Length < ThinkOpen.Length && ThinkOpen.StartsWith(trimmed, StringComparison.Ordinal))
                    {
                        return shown.ToString(); // not yet known
                    }

                    if (trimmed.StartsWith(ThinkOpen, StringComparison.Ordinal))
                    {
                        _pending.Clear().Append(trimmed[ThinkOpen.Length..]);
                        _state = State.Thinking;
                    }
                    else
                    {
                        _state = State.Text;
                    }

                    continue;
                case State.Thinking:
                    var close = pending.IndexOf(ThinkClose, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        // Keep only what could be the start of </think>.
                        var keep = Math.Min(pending.Length, ThinkClose.Length - 1);
                        _pending.Clear().Append(pending[^keep..]);
                        return shown.ToString();
                    }

                    _pending.Clear().Append(pending[(close + ThinkClose.Length)..].TrimStart('\n'));
                    _state = State.Text;
                    continue;
                case State.Text:
                    if (!watchToolCalls)
                    {
                        shown.Append(pending);
                        _pending.Clear();
                        return shown.ToString();
                    }

                    var at = pending.IndexOf(ToolCallTag, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        shown.Append(pending, 0, at);
                        _toolPart.Append(pending, at, pending.Length - at);
                        _pending.Clear();
                        _state = State.ToolCalls;
                        return shown.ToString();
                    }

                    var hold = HeldPrefix(pending, ToolCallTag);
                    shown.Append(pending, 0, pending.Length - hold);
                    _pending.Clear().Append(pending[^hold..]);
                    return shown.ToString();
                default:
                    _toolPart.Append(pending);
                    _pending.Clear();
                    return shown.ToString();
            }
        }
    }

    /// <summary>At the end: text still held back that turned out to be ordinary text.</summary>
    public string Flush()
    {
        var rest = _state is State.Text or State.Start ? _pending.ToString() : "";
        _pending.Clear();
        return rest;
    }

    private static int HeldPrefix(string text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(tag.AsSpan(0, length)))
            {
                return length;
            }
        }

        return 0;
    }
}
