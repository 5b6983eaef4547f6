using System.Buffers;
using QwenHelp.Domain.Retrieval;

namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// An in-memory inverted index ranked with BM25 over weighted fields, answering exact top-k queries
/// with pruning. FTS5 stays the durable store (rows are written in the same transaction as the
/// edit); this index is loaded from it at start-up and updated after each commit, because FTS5's
/// own <c>ORDER BY bm25()</c> cannot rank 100,000 chunks within the latency target
/// (docs/decisions/0010-keyword-ranking-in-memory.md).
/// </summary>
/// <remarks>
/// <para>
/// Scoring: a field-weighted term frequency <c>tf = Σ weight_f · tf_f</c> and document length
/// <c>dl = Σ weight_f · len_f</c>; <c>score = Σ idf(t) · tf(k1+1) / (tf + k1(1 − b + b·dl/avgdl))</c>
/// with <c>avgdl</c> taken per passage kind (FAQ entries are short, chunks long) at query time, so
/// incremental updates never leave stale normalization behind.
/// </para>
/// <para>
/// Pruning: terms are scored rarest-contribution-first. Once the k-th best score so far exceeds the
/// most that all remaining terms together could add, no unseen passage can enter the top k, and the
/// remaining (common) terms only update passages already found. The result is exact.
/// </para>
/// <para>
/// Thread safety: any number of concurrent searches; writes are exclusive and short. Deleted passages
/// are tombstoned and compacted away once they make up a quarter of the index.
/// </para>
/// </remarks>
public sealed class KeywordIndex(KeywordIndex.Parameters parameters) : IDisposable
{
    /// <summary>Fixed-point scale of the stored term frequencies (1/32 steps, up to 2047).</summary>
    private const float TfScale = 32f;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<Postings> _postings = [];
    private readonly Dictionary<PassageKey, int> _slotOf = [];

    // Per slot, in slot order (slots are never reused, so postings stay sorted by slot).
    private PassageKey[] _keys = new PassageKey[256];
    private float[] _lengths = new float[256];
    private PassageAttributes[] _attributes = new PassageAttributes[256];
    private bool[] _live = new bool[256];
    private int _slots;
    private int _dead;

    // Per passage kind: live passages and the sum of their lengths.
    private readonly int[] _kindCount = new int[2];
    private readonly double[] _kindLength = new double[2];

    public KeywordIndex()
        : this(new Parameters())
    {
    }

    /// <param name="K1">Term-frequency saturation.</param>
    /// <param name="B">Length normalization, 0 (none) to 1 (full).</param>
    public sealed record Parameters(double K1 = 1.2, double B = 0.75);

    /// <summary>One field of a passage: its analyzed terms joined by spaces (as FTS5 stores them) and its weight.</summary>
    public readonly record struct Field(string? IndexText, float Weight);

    /// <summary>Live (not deleted) passages.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotOf.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Distinct terms, including those only deleted passages had until the next compaction.</summary>
    public int TermCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _termIds.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Adds a passage, or replaces it when its key is already indexed.</summary>
    public void Upsert(PassageKey key, PassageAttributes attributes, ReadOnlySpan<Field> fields)
    {
        var frequencies = new Dictionary<int, float>();
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(key);
            AddLocked(key, attributes, fields, frequencies);
            CompactIfNeededLocked();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <returns>False when the passage was not indexed.</returns>
    public bool Remove(PassageKey key)
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = RemoveLocked(key);
            CompactIfNeededLocked();
            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Changes a passage's language or whether it may be returned, without re-indexing its text.</summary>
    public void SetAttributes(PassageKey key, PassageAttributes attributes)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_slotOf.TryGetValue(key, out var slot))
            {
                _attributes[slot] = attributes;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Empties the index (before a reload from the durable store).</summary>
    public void Clear()
    {
        _lock.EnterWriteLock();
        try
        {
            _termIds.Clear();
            _postings.Clear();
            _slotOf.Clear();
            _slots = 0;
            _dead = 0;
            Array.Clear(_kindCount);
            Array.Clear(_kindLength);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Contains(PassageKey key)
    {
        _lock.EnterReadLock();
        try
        {
            return _slotOf.ContainsKey(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> best enabled passages for the query terms (each distinct term
    /// counted once), best first; passages in another language than <paramref name="preferredLanguage"/>
    /// have their score multiplied by <paramref name="otherLanguageFactor"/>.
    /// </summary>
    public IReadOnlyList<ScoredPassage> Search(IReadOnlyList<string> terms, int limit, string preferredLanguage,
        double otherLanguageFactor = 1.0, PassageKind? kind = null)
    {
        if (limit <= 0 || terms.Count == 0)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            return SearchLocked(terms, limit, preferredLanguage, otherLanguageFactor, kind);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private List<ScoredPassage> SearchLocked(IReadOnlyList<string> terms, int limit, string preferredLanguage, double otherLanguageFactor, PassageKind? kind)
    {
        var k1 = (float)parameters.K1;
        var b = (float)parameters.B;
        var totalSlots = _slots;
        var averageLength = new float[2];
        for (var i = 0; i < 2; i++)
        {
            averageLength[i] = _kindCount[i] == 0 ? 1f : Math.Max(1f, (float)(_kindLength[i] / _kindCount[i]));
        }

        // The query's distinct known terms, with their idf and the most they can add to any score.
        var query = new List<QueryTerm>();
        var seen = new HashSet<int>();
        foreach (var term in terms)
        {
            if (!_termIds.TryGetValue(term, out var id) || !seen.Add(id))
            {
                continue;
            }

            var postings = _postings[id];
            if (postings.Count == 0)
            {
                continue;
            }

            var idf = (float)Math.Log(1 + ((totalSlots - postings.Count + 0.5) / (postings.Count + 0.5)));
            // The most this term can add: its highest frequency in its shortest passage (relative to the longer average).
            var minNorm = 1 - b + (b * postings.MinLength / Math.Max(averageLength[0], averageLength[1]));
            var maxTf = postings.MaxTf / TfScale;
            var bound = idf * maxTf * (k1 + 1) / (maxTf + (k1 * minNorm));
            query.Add(new QueryTerm(postings, idf, bound));
        }

        if (query.Count == 0)
        {
            return [];
        }

        query.Sort((x, y) => y.Bound.CompareTo(x.Bound));
        var remainingBound = new float[query.Count + 1];
        for (var i = query.Count - 1; i >= 0; i--)
        {
            remainingBound[i] = remainingBound[i + 1] + query[i].Bound;
        }

        var scores = ArrayPool<float>.Shared.Rent(totalSlots);
        var touched = new List<int>();
        try
        {
            var maxScore = 0f;
            var termIndex = 0;
            for (; termIndex < query.Count; termIndex++)
            {
                if (touched.Count >= limit && remainingBound[termIndex] < maxScore
                    && remainingBound[termIndex] < KthScore(scores, touched, limit, preferredLanguage, otherLanguageFactor, kind))
                {
                    break;
                }

                var term = query[termIndex];
                var slots = term.Postings.Slots;
                var tfs = term.Postings.Tfs;
                for (var p = 0; p < term.Postings.Count; p++)
                {
                    var slot = slots[p];
                    var current = scores[slot];
                    if (current == 0f)
                    {
                        touched.Add(slot);
                    }

                    current += Contribution(term.Idf, tfs[p], slot, k1, b, averageLength);
                    scores[slot] = current;
                    if (current > maxScore)
                    {
                        maxScore = current;
                    }
                }
            }

            // The remaining terms cannot lift an unseen passage into the top k: add them to the passages found so far only.
            for (; termIndex < query.Count; termIndex++)
            {
                var term = query[termIndex];
                var postings = term.Postings;
                var walk = postings.Count < touched.Count * 16;
                if (walk)
                {
                    for (var p = 0; p < postings.Count; p++)
                    {
                        var slot = postings.Slots[p];
                        if (scores[slot] != 0f)
                        {
                            scores[slot] += Contribution(term.Idf, postings.Tfs[p], slot, k1, b, averageLength);
                        }
                    }
                }
                else
                {
                    foreach (var slot in touched)
                    {
                        var p = Array.BinarySearch(postings.Slots, 0, postings.Count, slot);
                        if (p >= 0)
                        {
                            scores[slot] += Contribution(term.Idf, postings.Tfs[p], slot, k1, b, averageLength);
                        }
                    }
                }
            }

            return TopK(scores, touched, limit, preferredLanguage, otherLanguageFactor, kind);
        }
        finally
        {
            foreach (var slot in touched)
            {
                scores[slot] = 0f;
            }

            ArrayPool<float>.Shared.Return(scores);
        }
    }

    private float Contribution(float idf, ushort storedTf, int slot, float k1, float b, float[] averageLength)
    {
        var tf = storedTf / TfScale;
        var norm = 1 - b + (b * _lengths[slot] / averageLength[(int)_keys[slot].Kind]);
        return idf * tf * (k1 + 1) / (tf + (k1 * norm));
    }

    private bool Eligible(int slot, PassageKind? kind) =>
        _live[slot] && _attributes[slot].Enabled && (kind is null || _keys[slot].Kind == kind);

    private double Adjusted(int slot, float score, string preferredLanguage, double otherLanguageFactor) =>
        _attributes[slot].Language == preferredLanguage ? score : score * otherLanguageFactor;

    private double KthScore(float[] scores, List<int> touched, int k, string preferredLanguage, double otherLanguageFactor, PassageKind? kind)
    {
        var heap = new TopKHeap<int>(k);
        foreach (var slot in touched)
        {
            if (Eligible(slot, kind))
            {
                heap.Offer(slot, Adjusted(slot, scores[slot], preferredLanguage, otherLanguageFactor));
            }
        }

        return heap.IsFull ? heap.MinScore : 0;
    }

    private List<ScoredPassage> TopK(float[] scores, List<int> touched, int k, string preferredLanguage, double otherLanguageFactor, PassageKind? kind)
    {
        var heap = new TopKHeap<int>(k);
        foreach (var slot in touched)
        {
            if (Eligible(slot, kind))
            {
                heap.Offer(slot, Adjusted(slot, scores[slot], preferredLanguage, otherLanguageFactor));
            }
        }

        return heap.DrainBestFirst().Select(e => new ScoredPassage(_keys[e.Item], e.Score, scores[e.Item])).ToList();
    }

    private void AddLocked(PassageKey key, PassageAttributes attributes, ReadOnlySpan<Field> fields, Dictionary<int, float> frequencies)
    {
        var slot = _slots++;
        EnsureSlotCapacity(slot + 1);
        var lookup = _termIds.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = 0f;
        foreach (var field in fields)
        {
            if (string.IsNullOrEmpty(field.IndexText) || field.Weight <= 0)
            {
                continue;
            }

            foreach (var range in field.IndexText.AsSpan().Split(' '))
            {
                var term = field.IndexText.AsSpan()[range];
                if (term.IsEmpty)
                {
                    continue;
                }

                if (!lookup.TryGetValue(term, out var id))
                {
                    id = _postings.Count;
                    _termIds.Add(term.ToString(), id);
                    _postings.Add(new Postings());
                }

                frequencies[id] = frequencies.GetValueOrDefault(id) + field.Weight;
                length += field.Weight;
            }
        }

        foreach (var (id, tf) in frequencies)
        {
            _postings[id].Add(slot, (ushort)Math.Clamp(MathF.Round(tf * TfScale), 1, ushort.MaxValue), length);
        }

        frequencies.Clear();
        _keys[slot] = key;
        _lengths[slot] = Math.Max(1f, length);
        _attributes[slot] = attributes;
        _live[slot] = true;
        _slotOf[key] = slot;
        _kindCount[(int)key.Kind]++;
        _kindLength[(int)key.Kind] += _lengths[slot];
    }

    private bool RemoveLocked(PassageKey key)
    {
        if (!_slotOf.Remove(key, out var slot))
        {
            return false;
        }

        _live[slot] = false;
        _dead++;
        _kindCount[(int)key.Kind]--;
        _kindLength[(int)key.Kind] -= _lengths[slot];
        return true;
    }

    /// <summary>Drops tombstoned passages and renumbers slots once they are a quarter of the index.</summary>
    private void CompactIfNeededLocked()
    {
        if (_dead < 64 || _dead * 4 < _slots)
        {
            return;
        }

        var newSlot = new int[_slots];
        var next = 0;
        for (var slot = 0; slot < _slots; slot++)
        {
            newSlot[slot] = _live[slot] ? next++ : -1;
        }

        foreach (var postings in _postings)
        {
            postings.Compact(newSlot, _lengths);
        }

        for (var slot = 0; slot < _slots; slot++)
        {
            if (newSlot[slot] >= 0)
            {
                var target = newSlot[slot];
                _keys[target] = _keys[slot];
                _lengths[target] = _lengths[slot];
                _attributes[target] = _attributes[slot];
                _live[target] = true;
                _slotOf[_keys[target]] = target;
            }
        }

        Array.Clear(_live, next, _slots - next);
        _slots = next;
        _dead = 0;
    }

    private void EnsureSlotCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        var size = Math.Max(needed, _keys.Length * 2);
        Array.Resize(ref _keys, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _attributes, size);
        Array.Resize(ref _live, size);
    }

    private readonly record struct QueryTerm(Postings Postings, float Idf, float Bound);

    /// <summary>The passages (slots, ascending) a term occurs in, with its weighted frequency in each.</summary>
    private sealed class Postings
    {
        public int[] Slots { get; private set; } = new int[2];

        public ushort[] Tfs { get; private set; } = new ushort[2];

        public int Count { get; private set; }

        /// <summary>The highest stored frequency: with <see cref="MinLength"/> it bounds the term's contribution.</summary>
        public ushort MaxTf { get; private set; }

        /// <summary>The shortest passage the term occurs in.</summary>
        public float MinLength { get; private set; } = float.MaxValue;

        public void Add(int slot, ushort tf, float length)
        {
            if (Count == Slots.Length)
            {
                var size = Count * 2;
                var slots = Slots;
                var tfs = Tfs;
                Array.Resize(ref slots, size);
                Array.Resize(ref tfs, size);
                Slots = slots;
                Tfs = tfs;
            }

            Slots[Count] = slot;
            Tfs[Count] = tf;
            Count++;
            MaxTf = Math.Max(MaxTf, tf);
            MinLength = Math.Min(MinLength, length);
        }

        public void Compact(int[] newSlot, float[] lengths)
        {
            var kept = 0;
            MaxTf = 0;
            MinLength = float.MaxValue;
            for (var p = 0; p < Count; p++)
            {
                var target = newSlot[Slots[p]];
                if (target < 0)
                {
                    continue;
                }

                MaxTf = Math.Max(MaxTf, Tfs[p]);
                MinLength = Math.Min(MinLength, lengths[Slots[p]]);
                Slots[kept] = target;
                Tfs[kept] = Tfs[p];
                kept++;
            }

            Count = kept;
        }
    }
}
