namespace QwenHelp.Domain.Guardrails;

/// <summary>What to do with a lexicon term found in a message or an answer.</summary>
public enum LexiconAction
{
    /// <summary>Replace the term with asterisks and go on.</summary>
    Mask = 0,

    /// <summary>Refuse the whole message (input) or stop the answer (output).</summary>
    Block = 1,
}

/// <summary>One admin-managed term (Chinese or English) and its action.</summary>
public sealed record LexiconEntry(string Term, LexiconAction Action);

/// <summary>
/// The admin-managed word filter, applied to customer messages and to generated answers: one
/// Aho-Corasick pass over the text, whatever the lexicon's size. Masking keeps the text's length
/// (one asterisk per character), so a streaming filter can release text in slices.
/// </summary>
public sealed class LexiconFilter
{
    private readonly AhoCorasick _automaton;
    private readonly LexiconAction[] _actions;

    public LexiconFilter(IEnumerable<LexiconEntry> entries)
    {
        // The stricter action wins when a term is listed twice.
        var byTerm = new Dictionary<string, LexiconAction>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e.Term)))
        {
            var term = entry.Term.Trim();
            byTerm[term] = byTerm.TryGetValue(term, out var existing) && existing == LexiconAction.Block ? existing : entry.Action;
        }

        _automaton = new AhoCorasick(byTerm.Keys);
        _actions = _automaton.Terms.Select(t => byTerm[t]).ToArray();
    }

    public int MaxTermLength => _automaton.MaxTermLength;

    public LexiconResult Apply(string text)
    {
        var matches = _automaton.FindAll(text);
        if (matches.Count == 0)
        {
            return new LexiconResult(text, false, []);
        }

        var chars = text.ToCharArray();
        var blocked = false;
        var terms = new List<string>();
        foreach (var match in matches)
        {
            blocked |= _actions[match.TermIndex] == LexiconAction.Block;
            terms.Add(_automaton.TermOf(match));
            Array.Fill(chars, '*', match.Start, match.Length);
        }

        return new LexiconResult(new string(chars), blocked, terms.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }
}

/// <param name="Text">The text with every matched term masked.</param>
/// <param name="Blocked">A term with <see cref="LexiconAction.Block"/> was found.</param>
/// <param name="Terms">The terms found (for the turn's guardrail record).</param>
public sealed record LexiconResult(string Text, bool Blocked, IReadOnlyList<string> Terms)
{
    public bool Changed => Terms.Count > 0;
}
