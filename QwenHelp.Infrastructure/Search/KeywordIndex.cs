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
    /// <summary>How much a word one edit away from an unknown query word counts, relative to the word itself.</summary>
    private const float FuzzyWeight = 0.8f;

    private const int MaxFuzzyExpansions = 3;

    /// <summary>Fixed-point scale of the stored term frequencies (1/32 steps, up to 2047).</summary>
    private const float TfScale = 32f;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<Postings> _postings = [];
    private readonly Dictionary<PassageKey, int> _slotOf = [];

    // For words the index has never seen: each term by id, and the delete-one-letter variants of the Latin ones.
    private readonly List<string> _termNames = [];
    private readonly Dictionary<string, List<int>> _deletes = new(StringComparer.Ordinal);

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
        var frequencies = new Dictionary<int, (float Tf, byte Fields)>();
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
            _termNames.Clear();
            _deletes.Clear();
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

    /// <summary>
    /// The share (0..1) of <paramref name="terms"/> (distinct) that occur in the passage's fields
    /// selected by <paramref name="fieldMask"/> (bit i: field i, as given to <see cref="Upsert"/>); 0 when it is not indexed.
    /// </summary>
    public double Coverage(PassageKey key, IReadOnlyList<string> terms, byte fieldMask = byte.MaxValue)
    {
        var distinct = terms.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return 0;
        }

        _lock.EnterReadLock();
        try
        {
            if (!_slotOf.TryGetValue(key, out var slot))
            {
                return 0;
            }

            var found = 0;
            foreach (var term in distinct)
            {
                if (_termIds.TryGetValue(term, out var id))
                {
                    var postings = _postings[id];
                    var p = Array.BinarySearch(postings.Slots, 0, postings.Count, slot);
                    if (p >= 0 && (postings.Fields[p] & fieldMask) != 0)
                    {
                        found++;
                    }
                }
            }

            return (double)found / distinct.Count;
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

        // The query's distinct known terms, with their idf and the most they can add to any score. A word
        // the index has never seen ("cancle", "adress") stands for the indexed words one edit away from it,
        // as a fuzzy query would, counting a little less than the word itself.
        var query = new List<QueryTerm>();
        var seen = new HashSet<int>();
        foreach (var (id, weight) in terms.SelectMany(ResolveLocked))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            var postings = _postings[id];
            if (postings.Count == 0)
            {
                continue;
            }

            var idf = weight * (float)Math.Log(1 + ((totalSlots - postings.Count + 0.5) / (postings.Count + 0.5)));
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

        // A pooled array may come back with anything in it (a new one is not even zeroed): clear it first.
        var scores = ArrayPool<float>.Shared.Rent(totalSlots);
        Array.Clear(scores, 0, totalSlots);
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

    /// <summary>The term's id, or for an unknown word the ids of up to three indexed words one edit away (most frequent first).</summary>
    private IEnumerable<(int Id, float Weight)> ResolveLocked(string term)
    {
        if (_termIds.TryGetValue(term, out var id) && _postings[id].Count > 0)
        {
            return [(id, 1f)];
        }

        if (!IsFuzzyEligible(term))
        {
            return [];
        }

        var candidates = new HashSet<int>();
        foreach (var variant in DeleteVariants(term).Append(term))
        {
            if (_deletes.TryGetValue(variant, out var ids))
            {
                candidates.UnionWith(ids);
            }
        }

        return candidates
            .Where(c => _postings[c].Count > 0 && EditDistance.AtMostOne(term, _termNames[c]))
            .OrderByDescending(c => _postings[c].Count)
            .ThenBy(c => _termNames[c], StringComparer.Ordinal)
            .Take(MaxFuzzyExpansions)
            .Select(c => (c, FuzzyWeight))
            .ToList();
    }

    /// <summary>Latin words of 4 to 24 letters: shorter ones have too many neighbours, numbers and identifiers must match exactly.</summary>
    private static bool IsFuzzyEligible(string term)
    {
        if (term.Length is < 4 or > 24)
        {
            return false;
        }

        foreach (var c in term)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The word with one letter removed, each way (the symmetric-delete scheme: two words one edit apart share a variant).</summary>
    private static IEnumerable<string> DeleteVariants(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            yield return term.Remove(i, 1);
        }
    }

    private void IndexForFuzzyLocked(string term, int id)
    {
        _termNames.Add(term);
        if (!IsFuzzyEligible(term))
        {
            return;
        }

        foreach (var variant in DeleteVariants(term).Append(term))
        {
            if (!_deletes.TryGetValue(variant, out var ids))
            {
                ids = [];
                _deletes[variant] = ids;
            }

            ids.Add(id);
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

    private void AddLocked(PassageKey key, PassageAttributes attributes, ReadOnlySpan<Field> fields, Dictionary<int, (float Tf, byte Fields)> frequencies)
    {
        var slot = _slots++;
        EnsureSlotCapacity(slot + 1);
        var lookup = _termIds.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = 0f;
        for (var f = 0; f < fields.Length; f++)
        {
            var field = fields[f];
            var bit = (byte)(f < 8 ? 1 << f : 0);
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
                    var name = term.ToString();
                    _termIds.Add(name, id);
                    _postings.Add(new Postings());
                    IndexForFuzzyLocked(name, id);
                }

                var (tf, mask) = frequencies.GetValueOrDefault(id);
                frequencies[id] = (tf + field.Weight, (byte)(mask | bit));
                length += field.Weight;
            }
        }

        foreach (var (id, (tf, mask)) in frequencies)
        {
            _postings[id].Add(slot, (ushort)Math.Clamp(MathF.Round(tf * TfScale), 1, ushort.MaxValue), mask, length);
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

        /// <summary>Per posting, which fields (bit i: field i of the passage) hold the term.</summary>
        public byte[] Fields { get; private set; } = new byte[2];

        public int Count { get; private set; }

        /// <summary>The highest stored frequency: with <see cref="MinLength"/> it bounds the term's contribution.</summary>
        public ushort MaxTf { get; private set; }

        /// <summary>The shortest passage the term occurs in.</summary>
        public float MinLength { get; private set; } = float.MaxValue;

        public void Add(int slot, ushort tf, byte fields, float length)
        {
            if (Count == Slots.Length)
            {
                var size = Count * 2;
                var slots = Slots;
                var tfs = Tfs;
                var masks = Fields;
                Array.Resize(ref slots, size);
                Array.Resize(ref tfs, size);
                Array.Resize(ref masks, size);
                Slots = slots;
                Tfs = tfs;
                Fields = masks;
            }

            Slots[Count] = slot;
            Tfs[Count] = tf;
            Fields[Count] = fields;
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
                Fields[kept] = Fields[p];
                kept++;
            }

            Count = kept;
        }
    }
}
