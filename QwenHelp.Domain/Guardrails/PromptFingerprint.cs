namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Every <see cref="Window"/>-character stretch of a system prompt, as 64-bit rolling hashes: an
/// answer that contains one of them is quoting the prompt. Built once per prompt and shared.
/// </summary>
public sealed class PromptFingerprint
{
    public const int Window = 32;
    private const ulong Base = 1_000_003;

    private readonly HashSet<ulong> _windows = [];

    public PromptFingerprint(string? prompt)
    {
        if (string.IsNullOrEmpty(prompt) || prompt.Length < Window)
        {
            return;
        }

        var roller = new Roller();
        foreach (var c in prompt)
        {
            if (roller.Push(c) is { } hash)
            {
                _windows.Add(hash);
            }
        }
    }

    public static PromptFingerprint Empty { get; } = new(null);

    public bool IsEmpty => _windows.Count == 0;

    public bool Contains(ulong hash) => _windows.Contains(hash);

    /// <summary>The hash of the last <see cref="Window"/> characters pushed, once that many have been.</summary>
    public sealed class Roller
    {
        private static readonly ulong Outgoing = Power(Base, Window);
        private readonly char[] _ring = new char[Window];
        private ulong _hash;
        private long _count;

        public ulong? Push(char c)
        {
            var slot = (int)(_count % Window);
            ulong outgoing = _count >= Window ? _ring[slot] : 0u;
            _ring[slot] = c;
            _hash = (_hash * Base) + c - (outgoing * Outgoing);
            _count++;
            return _count >= Window ? _hash : null;
        }

        private static ulong Power(ulong b, int e)
        {
            ulong result = 1;
            for (var i = 0; i < e; i++)
            {
                result *= b;
            }

            return result;
        }
    }
}
