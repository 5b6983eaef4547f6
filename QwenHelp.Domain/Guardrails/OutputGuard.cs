namespace QwenHelp.Domain.Guardrails;

/// <summary>
/// Filters a generated answer as it streams: lexicon masking (and blocking), masking of personal
/// data the customer did not give, a cap on length, a stop on degenerate repetition, and a stop
/// when the answer starts quoting the system prompt. Text is released only once nothing that
/// follows can change it: a run of characters that could still grow into a phone number or email
/// is held back, and so is the tail a lexicon term could still end in. One instance per answer.
/// </summary>
public sealed class OutputGuard
{
    private readonly LexiconFilter _lexicon;
    private readonly PersonalDataMasker _personalData;
    private readonly int _maxCharacters;
    private readonly PromptFingerprint _prompt;
    private readonly PromptFingerprint.Roller _roller = new();
    private readonly List<GuardrailAction> _actions = [];
    private char[] _buffer = new char[256];
    private int _length;
    private int _released;
    private bool _ellipsisAdded;

    public OutputGuard(LexiconFilter lexicon, PersonalDataMasker personalData, int maxCharacters, PromptFingerprint prompt)
    {
        _lexicon = lexicon;
        _personalData = personalData;
        _maxCharacters = maxCharacters;
        _prompt = prompt;
    }

    /// <summary>Set when the answer was cut short; see <see cref="StopKind"/>.</summary>
    public bool Stopped { get; private set; }

    /// <summary>A <see cref="GuardrailKinds"/> value: why the answer was stopped.</summary>
    public string? StopKind { get; private set; }

    /// <summary>True when the answer must not be shown at all (a blocked term or a prompt leak): the engine replaces it.</summary>
    public bool MustReplace => StopKind is GuardrailKinds.OutputBlocked or GuardrailKinds.OutputPromptLeak;

    public IReadOnlyList<GuardrailAction> Actions => _actions.Distinct().ToList();

    /// <summary>Takes the next piece of model output and returns the filtered text that can be shown now (often empty).</summary>
    public string Push(string delta)
    {
        if (Stopped || string.IsNullOrEmpty(delta))
        {
            return "";
        }

        foreach (var c in delta)
        {
            Append(c);
            if (!_prompt.IsEmpty && _roller.Push(c) is { } hash && _prompt.Contains(hash))
            {
                Stop(GuardrailKinds.OutputPromptLeak, Math.Max(_released, _length - PromptFingerprint.Window));
                return "";
            }
        }

        var cut = RepetitionDetector.FindCut(_buffer.AsSpan(0, _length));
        if (cut >= 0)
        {
            Stop(GuardrailKinds.OutputRepetition, Math.Max(_released, cut));
        }
        else if (_length > _maxCharacters)
        {
            Stop(GuardrailKinds.OutputTruncated, Math.Max(_released, SentenceEndBefore(_maxCharacters)));
        }

        return Release(final: Stopped);
    }

    /// <summary>The answer is complete: releases everything still held back.</summary>
    public string Complete() => MustReplace ? "" : Release(final: true);

    private void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_length++] = c;
    }

    private void Stop(string kind, int cutTo)
    {
        Stopped = true;
        StopKind = kind;
        _actions.Add(new GuardrailAction(kind));
        _length = Math.Min(_length, cutTo);
    }

    private string Release(bool final)
    {
        if (MustReplace)
        {
            return "";
        }

        var safe = final ? _length : HeldBackFrom(_length);
        if (safe <= _released)
        {
            return final && StopKind is GuardrailKinds.OutputTruncated && !_ellipsisAdded ? AddEllipsis("") : "";
        }

        // Lexicon terms may start before the released point (that part was masked already) and
        // run past the safe point (they are complete there: the hold-back covers the longest term).
        var windowStart = Math.Max(0, _released - Math.Max(0, _lexicon.MaxTermLength - 1));
        var window = new string(_buffer, windowStart, _length - windowStart);
        var lexicon = _lexicon.Apply(window);
        if (lexicon.Blocked)
        {
            Stop(GuardrailKinds.OutputBlocked, _released);
            return "";
        }

        foreach (var term in lexicon.Terms)
        {
            _actions.Add(new GuardrailAction(GuardrailKinds.OutputMasked, term));
        }

        var chars = lexicon.Changed ? lexicon.Text.ToCharArray() : window.ToCharArray();
        var releaseStart = _released - windowStart;
        var releaseEnd = safe - windowStart;
        foreach (var kind in _personalData.MaskInPlace(chars, releaseStart, releaseEnd))
        {
            _actions.Add(new GuardrailAction(GuardrailKinds.OutputPersonalData, kind));
        }

        _released = safe;
        var text = new string(chars, releaseStart, releaseEnd - releaseStart);
        return final && StopKind is GuardrailKinds.OutputTruncated ? AddEllipsis(text) : text;
    }

    private string AddEllipsis(string text)
    {
        _ellipsisAdded = true;
        return text + "…";
    }

    /// <summary>Where the held-back tail starts: a run that could still grow into a phone number or email, or the last characters a lexicon term could still end in.</summary>
    private int HeldBackFrom(int length)
    {
        var safe = Math.Min(RunStartBefore(length), Math.Max(0, length - Math.Max(0, _lexicon.MaxTermLength - 1)));
        // Never split a run: step back to its start.
        return RunStartBefore(safe);
    }

    private int RunStartBefore(int end)
    {
        var i = end;
        while (i > 0)
        {
            var c = _buffer[i - 1];
            if (PersonalDataMasker.IsValueChar(c))
            {
                i--;
                continue;
            }

            // "138 0013 8000": a space between digits (or after a trailing digit) belongs to the run.
            if (c == ' ' && i >= 2 && char.IsAsciiDigit(_buffer[i - 2]) && (i == _length || char.IsAsciiDigit(_buffer[i])))
            {
                i--;
                continue;
            }

            break;
        }

        return i;
    }

    private int SentenceEndBefore(int limit)
    {
        for (var i = limit - 1; i > limit * 4 / 5; i--)
        {
            if (_buffer[i] is '.' or '!' or '?' or '。' or '！' or '？' or '\n')
            {
                return i + 1;
            }
        }

        return limit;
    }
}
