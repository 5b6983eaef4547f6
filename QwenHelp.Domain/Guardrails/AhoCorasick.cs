namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Finds every occurrence of many terms in one pass over a text (Aho-Corasick), case-insensitively
/// (ordinal upper-invariant folding; CJK has no case). Built once per lexicon, then read-only and
/// safe to share between threads.
/// </summary>
public sealed class AhoCorasick
{
    private readonly List<Dictionary<char, int>> _next = [new()];
    private readonly List<int> _fail = [0];
    private readonly List<List<int>> _outputs = [[]];
    private readonly string[] _terms;

    public AhoCorasick(IEnumerable<string> terms)
    {
        _terms = terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        for (var i = 0; i < _terms.Length; i++)
        {
            var state = 0;
            foreach (var c in _terms[i])
            {
                var key = Fold(c);
                if (!_next[state].TryGetValue(key, out var child))
                {
                    child = _next.Count;
                    _next.Add(new Dictionary<char, int>());
                    _fail.Add(0);
                    _outputs.Add([]);
                    _next[state][key] = child;
                }

                state = child;
            }

            _outputs[state].Add(i);
        }

        // Breadth-first: each state's failure link is the longest proper suffix that is also a prefix.
        var queue = new Queue<int>(_next[0].Values);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, child) in _next[state])
            {
                var fallback = _fail[state];
                while (fallback != 0 && !_next[fallback].ContainsKey(c))
                {
                    fallback = _fail[fallback];
                }

                _fail[child] = _next[fallback].TryGetValue(c, out var target) && target != child ? target : 0;
                _outputs[child].AddRange(_outputs[_fail[child]]);
                queue.Enqueue(child);
            }
        }

        MaxTermLength = _terms.Length == 0 ? 0 : _terms.Max(t => t.Length);
    }

    public IReadOnlyList<string> Terms => _terms;

    /// <summary>The longest term, in UTF-16 chars; a streaming filter holds back one less than this.</summary>
    public int MaxTermLength { get; }

    public bool IsEmpty => _terms.Length == 0;

    /// <summary>Every occurrence, in order of where it ends; overlapping occurrences are all reported.</summary>
    public List<TermMatch> FindAll(ReadOnlySpan<char> text)
    {
        var matches = new List<TermMatch>();
        if (_terms.Length == 0)
        {
            return matches;
        }

        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Fold(text[i]);
            while (state != 0 && !_next[state].ContainsKey(c))
            {
                state = _fail[state];
            }

            state = _next[state].TryGetValue(c, out var next) ? next : 0;
            foreach (var term in _outputs[state])
            {
                var length = _terms[term].Length;
                matches.Add(new TermMatch(term, i - length + 1, length));
            }
        }

        return matches;
    }

    public bool ContainsAny(ReadOnlySpan<char> text) => FindAll(text).Count > 0;

    public string TermOf(TermMatch match) => _terms[match.TermIndex];

    /// <summary>Upper-case, and full-width ASCII (ＡＢＣ１２３) as half-width: one char in, one char out.</summary>
    private static char Fold(char c) => char.ToUpperInvariant(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);
}

/// <param name="TermIndex">Index into <see cref="AhoCorasick.Terms"/>.</param>
public readonly record struct TermMatch(int TermIndex, int Start, int Length)
{
    public int End => Start + Length;
}
