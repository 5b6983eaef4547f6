namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>
/// Holds back streamed text that could be the start of a stop string, and cuts the output where a
/// stop string begins, so a stop string never reaches the reader, even split across tokens.
/// </summary>
public sealed class StopStringFilter(IReadOnlyList<string> stopStrings)
{
    private readonly string[] _stops = stopStrings.Where(s => s.Length > 0).ToArray();
    private string _pending = "";

    public bool Stopped { get; private set; }

    /// <summary>Text that is now safe to emit.</summary>
    public string Push(string text)
    {
        if (Stopped)
        {
            return "";
        }

        if (_stops.Length == 0)
        {
            return text;
        }

        _pending += text;
        var cut = -1;
        foreach (var stop in _stops)
        {
            var at = _pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut))
            {
                cut = at;
            }
        }

        if (cut >= 0)
        {
            Stopped = true;
            var before = _pending[..cut];
            _pending = "";
            return before;
        }

        var hold = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, _pending.Length); length > hold; length--)
            {
                if (_pending.AsSpan(_pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    hold = length;
                    break;
                }
            }
        }

        var safe = _pending[..^hold];
        _pending = _pending[^hold..];
        return safe;
    }

    /// <summary>What was held back, at the end of a generation that did not stop on a string.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _pending;
        _pending = "";
        return rest;
    }
}
