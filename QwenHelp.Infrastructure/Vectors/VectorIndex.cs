using System.Numerics.Tensors;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Vectors;

/// <summary>
/// The vectors of one embedding model, held in memory for exact nearest-neighbour search: every
/// query is compared with every vector (SIMD dot products through System.Numerics.Tensors, on all
/// cores for large indexes), so there is no recall to tune and no approximation to explain.
/// Vectors are unit length, so the dot product is the cosine similarity.
/// </summary>
/// <remarks>
/// Rows live in fixed-size blocks (no large copies as the index grows); a removed row's slot is reused.
/// Any number of concurrent searches; writes are exclusive and short.
/// </remarks>
public sealed class VectorIndex : IDisposable
{
    private const int BlockRows = 1024;

    /// <summary>Below this many rows one core is faster than splitting the work.</summary>
    private const int ParallelThreshold = 16_384;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly List<float[]> _blocks = [];
    private readonly Dictionary<PassageKey, int> _slotOf = [];
    private readonly Stack<int> _free = new();
    private PassageKey[] _keys = new PassageKey[BlockRows];
    private PassageAttributes[] _attributes = new PassageAttributes[BlockRows];
    private bool[] _live = new bool[BlockRows];
    private int _slots;

    public VectorIndex(string modelId, int dimension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ModelId = modelId;
        Dimension = dimension;
    }

    public string ModelId { get; }

    public int Dimension { get; }

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

    /// <summary>Bytes the vectors take in memory.</summary>
    public long VectorBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (long)_blocks.Count * BlockRows * Dimension * sizeof(float);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Dispose() => _lock.Dispose();

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

    /// <summary>Adds or replaces the vector of a passage. It is stored normalized to unit length.</summary>
    /// <exception cref="ArgumentException">The vector has the wrong dimension, or no length at all.</exception>
    public void Upsert(PassageKey key, PassageAttributes attributes, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; this index holds {Dimension} ({ModelId}).", nameof(vector));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0) || !float.IsFinite(norm))
        {
            throw new ArgumentException("The vector has no direction (all zeros, or not finite).", nameof(vector));
        }

        _lock.EnterWriteLock();
        try
        {
            if (!_slotOf.TryGetValue(key, out var slot))
            {
                slot = _free.Count > 0 ? _free.Pop() : _slots++;
                EnsureCapacity(slot + 1);
                _slotOf[key] = slot;
            }

            var row = Row(slot);
            TensorPrimitives.Divide(vector, norm, row);
            _keys[slot] = key;
            _attributes[slot] = attributes;
            _live[slot] = true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <returns>False when the passage had no vector here.</returns>
    public bool Remove(PassageKey key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slotOf.Remove(key, out var slot))
            {
                return false;
            }

            _live[slot] = false;
            Row(slot).Clear();
            _free.Push(slot);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Changes a passage's language or whether it may be returned, keeping its vector.</summary>
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

    public void Clear()
    {
        _lock.EnterWriteLock();
        try
        {
            _blocks.Clear();
            _slotOf.Clear();
            _free.Clear();
            Array.Clear(_live);
            _slots = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> enabled passages most similar to <paramref name="query"/>, best
    /// first. Passages in another language than <paramref name="preferredLanguage"/> rank by their
    /// similarity times <paramref name="otherLanguageFactor"/>.
    /// </summary>
    public IReadOnlyList<ScoredPassage> Search(ReadOnlySpan<float> query, int limit, string preferredLanguage,
        double otherLanguageFactor = 1.0, PassageKind? kind = null)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; this index holds {Dimension} ({ModelId}).", nameof(query));
        }

        if (limit <= 0)
        {
            return [];
        }

        var norm = TensorPrimitives.Norm(query);
        if (!(norm > 0) || !float.IsFinite(norm))
        {
            return [];
        }

        var unit = new float[Dimension];
        TensorPrimitives.Divide(query, norm, unit);

        _lock.EnterReadLock();
        try
        {
            var slots = _slots;
            var workers = slots >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 8) : 1;
            var partials = new TopKHeap<int>[workers];
            if (workers == 1)
            {
                partials[0] = Scan(unit, 0, slots, limit, preferredLanguage, otherLanguageFactor, kind);
            }
            else
            {
                var blocks = (slots + BlockRows - 1) / BlockRows;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
                {
                    var firstBlock = blocks * worker / workers;
                    var endBlock = blocks * (worker + 1) / workers;
                    partials[worker] = Scan(unit, firstBlock * BlockRows, Math.Min(slots, endBlock * BlockRows), limit, preferredLanguage, otherLanguageFactor, kind);
                });
            }

            var merged = new TopKHeap<(int Slot, double Raw)>(limit);
            foreach (var partial in partials)
            {
                foreach (var (slot, score) in partial.DrainBestFirst())
                {
                    merged.Offer((slot, Raw(slot, unit)), score);
                }
            }

            return merged.DrainBestFirst().Select(e => new ScoredPassage(_keys[e.Item.Slot], e.Score, e.Item.Raw)).ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The cosine similarity between <paramref name="query"/> and the passage's vector; null when it has none here.</summary>
    public double? Similarity(PassageKey key, ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
        {
            return null;
        }

        var norm = TensorPrimitives.Norm(query);
        if (!(norm > 0))
        {
            return null;
        }

        _lock.EnterReadLock();
        try
        {
            return _slotOf.TryGetValue(key, out var slot) ? TensorPrimitives.Dot(Row(slot), query) / norm : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TopKHeap<int> Scan(float[] query, int start, int end, int limit, string preferredLanguage, double otherLanguageFactor, PassageKind? kind)
    {
        var heap = new TopKHeap<int>(limit);
        for (var slot = start; slot < end; slot++)
        {
            if (!_live[slot] || !_attributes[slot].Enabled || (kind is not null && _keys[slot].Kind != kind))
            {
                continue;
            }

            double similarity = TensorPrimitives.Dot(Row(slot), query);
            if (_attributes[slot].Language != preferredLanguage)
            {
                similarity *= similarity > 0 ? otherLanguageFactor : 1 / otherLanguageFactor;
            }

            heap.Offer(slot, similarity);
        }

        return heap;
    }

    private double Raw(int slot, float[] query) => TensorPrimitives.Dot(Row(slot), query);

    private Span<float> Row(int slot) => _blocks[slot / BlockRows].AsSpan(slot % BlockRows * Dimension, Dimension);

    private void EnsureCapacity(int slots)
    {
        while (_blocks.Count * BlockRows < slots)
        {
            _blocks.Add(new float[BlockRows * Dimension]);
        }

        if (slots > _keys.Length)
        {
            var size = Math.Max(slots, _keys.Length * 2);
            Array.Resize(ref _keys, size);
            Array.Resize(ref _attributes, size);
            Array.Resize(ref _live, size);
        }
    }
}
