using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Infrastructure.Vectors;

/// <summary>
/// The vectors of one embedding model, held in memory for exact nearest-neighbour search: every
/// query is compared with every vector, so there is no recall to tune and no approximation to
/// explain. Vectors are unit length, so the dot product is the cosine similarity.
/// </summary>
/// <remarks>
/// <para>
/// Exact, and fast at 100,000 vectors: scanning 100,000 × 512 float32 values (200 MB) per query is
/// bound by memory bandwidth (about 20 ms here). So each vector is also kept quantized to int8 with
/// its scale (a quarter of the bytes), and a query runs in two passes. The first scans the int8 rows
/// with SIMD integer dot products, giving each vector an approximate similarity and a proven bound
/// on its error (from the rounding of vector and query); the k-th best lower bound is a threshold
/// that no vector whose upper bound falls below it can beat. The second pass computes the float32
/// dot product (System.Numerics.Tensors) for the few vectors above the threshold only. The result
/// is the exact top k of the float32 vectors (docs/decisions/0012-vector-index.md).
/// </para>
/// <para>
/// Rows live in fixed-size blocks (no large copies as the index grows); a removed row's slot is
/// reused. Any number of concurrent searches; writes are exclusive and short.
/// </para>
/// </remarks>
public sealed class VectorIndex : IDisposable
{
    private const int BlockRows = 1024;

    /// <summary>Below this many rows one core is faster than splitting the work.</summary>
    private const int ParallelThreshold = 16_384;

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly List<float[]> _blocks = [];
    private readonly List<sbyte[]> _quantized = [];
    private readonly Dictionary<PassageKey, int> _slotOf = [];
    private readonly Stack<int> _free = new();
    private PassageKey[] _keys = new PassageKey[BlockRows];
    private PassageAttributes[] _attributes = new PassageAttributes[BlockRows];
    private bool[] _live = new bool[BlockRows];

    // Per slot: the int8 row's scale (value = scale × int) and the sum of its absolute ints.
    private float[] _scales = new float[BlockRows];
    private float[] _absoluteSums = new float[BlockRows];
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

    /// <summary>Bytes the vectors take in memory (float32 rows and their int8 copies).</summary>
    public long VectorBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (long)_blocks.Count * BlockRows * Dimension * (sizeof(float) + sizeof(sbyte));
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
            Quantize(row, QuantizedRow(slot), out _scales[slot], out _absoluteSums[slot]);
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
            QuantizedRow(slot).Clear();
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
            _quantized.Clear();
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
    /// first (exact). Passages in another language than <paramref name="preferredLanguage"/> rank by
    /// their similarity times <paramref name="otherLanguageFactor"/>.
    /// </summary>
    public IReadOnlyList<ScoredPassage> Search(ReadOnlySpan<float> query, int limit, string preferredLanguage,
        double otherLanguageFactor = 1.0, PassageKind? kind = null)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; this index holds {Dimension} ({ModelId}).", nameof(query));
        }

        var norm = TensorPrimitives.Norm(query);
        if (limit <= 0 || !(norm > 0) || !float.IsFinite(norm))
        {
            return [];
        }

        var q = new Query(Dimension, preferredLanguage, otherLanguageFactor, kind);
        TensorPrimitives.Divide(query, norm, q.Unit);
        q.Quantize();

        _lock.EnterReadLock();
        try
        {
            // Pass 1: approximate similarities with error bounds, on all cores for a large index.
            var slots = _slots;
            var workers = slots >= ParallelThreshold ? Math.Min(Environment.ProcessorCount, 8) : 1;
            var partials = new Bounds[workers];
            if (workers == 1)
            {
                partials[0] = Bound(q, 0, slots, limit);
            }
            else
            {
                var blocks = (slots + BlockRows - 1) / BlockRows;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
                {
                    var first = blocks * worker / workers * BlockRows;
                    var end = Math.Min(slots, blocks * (worker + 1) / workers * BlockRows);
                    partials[worker] = Bound(q, first, end, limit);
                });
            }

            // The k-th best lower bound over all rows: no row whose upper bound is below it can be in the top k.
            var lowest = new TopKHeap<int>(limit);
            foreach (var partial in partials)
            {
                foreach (var (slot, low) in partial.Lower.DrainBestFirst())
                {
                    lowest.Offer(slot, low);
                }
            }

            var threshold = lowest.IsFull ? lowest.MinScore : double.NegativeInfinity;

            // Pass 2: exact float32 similarity for the rows that can still make it.
            var best = new TopKHeap<(int Slot, double Raw)>(limit);
            foreach (var partial in partials)
            {
                foreach (var (slot, upper) in partial.Candidates)
                {
                    if (upper >= threshold)
                    {
                        double raw = TensorPrimitives.Dot(Row(slot), q.Unit);
                        best.Offer((slot, raw), q.Adjust(raw, _attributes[slot].Language));
                    }
                }
            }

            return best.DrainBestFirst().Select(e => new ScoredPassage(_keys[e.Item.Slot], e.Score, e.Item.Raw)).ToList();
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

    /// <summary>
    /// Pass 1 over slots [start, end): for each eligible row the int8 similarity a and its error bound
    /// e (|float32 similarity − a| ≤ e); keeps the k best lower bounds and every row whose upper bound
    /// beat the running threshold.
    /// </summary>
    private Bounds Bound(Query q, int start, int end, int limit)
    {
        var lower = new TopKHeap<int>(limit);
        var candidates = new List<(int Slot, double Upper)>();
        var dimension = Dimension;
        for (var block = start / BlockRows; block * BlockRows < end; block++)
        {
            ReadOnlySpan<sbyte> rows = _quantized[block];
            var first = block * BlockRows;
            var count = Math.Min(BlockRows, end - first);
            for (var row = Math.Max(0, start - first); row < count; row++)
            {
                var slot = first + row;
                if (!_live[slot])
                {
                    continue;
                }

                var attributes = _attributes[slot];
                if (!attributes.Enabled || (q.Kind is not null && _keys[slot].Kind != q.Kind))
                {
                    continue;
                }

                var scale = _scales[slot];
                var approximate = scale * q.Scale * (double)DotInt8(rows.Slice(row * dimension, dimension), q.Quantized);
                var error = (scale * 0.5 * ((q.Scale * _absoluteSums[slot]) + q.AbsoluteSum)) + 1e-6;
                var low = q.Adjust(approximate - error, attributes.Language);
                var high = q.Adjust(approximate + error, attributes.Language);
                lower.Offer(slot, low);
                if (!lower.IsFull || high >= lower.MinScore)
                {
                    candidates.Add((slot, high));
                }
            }
        }

        return new Bounds(lower, candidates);
    }

    /// <summary>int8 × int16 dot product: AVX2 multiply-add of pairs where the CPU has it, plain loops elsewhere.</summary>
    private static int DotInt8(ReadOnlySpan<sbyte> row, short[] query)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && row.Length >= 16)
        {
            ref var r = ref MemoryMarshal.GetReference(row);
            ref var q = ref MemoryMarshal.GetArrayDataReference(query);
            var accumulator = Vector256<int>.Zero;
            for (; i + 16 <= row.Length; i += 16)
            {
                var values = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)i));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(values, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < row.Length; i++)
        {
            sum += row[i] * query[i];
        }

        return sum;
    }

    /// <summary>A unit vector as int8 values times a scale: each value off by at most half the scale.</summary>
    private static void Quantize(ReadOnlySpan<float> unit, Span<sbyte> target, out float scale, out float absoluteSum)
    {
        var max = TensorPrimitives.MaxMagnitude(unit);
        scale = Math.Abs(max) / 127f;
        absoluteSum = 0;
        if (scale == 0)
        {
            target.Clear();
            return;
        }

        for (var i = 0; i < unit.Length; i++)
        {
            var value = (int)MathF.Round(unit[i] / scale);
            target[i] = (sbyte)Math.Clamp(value, -127, 127);
            absoluteSum += Math.Abs(target[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<float> Row(int slot) => _blocks[slot / BlockRows].AsSpan(slot % BlockRows * Dimension, Dimension);

    private Span<sbyte> QuantizedRow(int slot) => _quantized[slot / BlockRows].AsSpan(slot % BlockRows * Dimension, Dimension);

    private void EnsureCapacity(int slots)
    {
        while (_blocks.Count * BlockRows < slots)
        {
            _blocks.Add(new float[BlockRows * Dimension]);
            _quantized.Add(new sbyte[BlockRows * Dimension]);
        }

        if (slots > _keys.Length)
        {
            var size = Math.Max(slots, _keys.Length * 2);
            Array.Resize(ref _keys, size);
            Array.Resize(ref _attributes, size);
            Array.Resize(ref _live, size);
            Array.Resize(ref _scales, size);
            Array.Resize(ref _absoluteSums, size);
        }
    }

    private sealed record Bounds(TopKHeap<int> Lower, List<(int Slot, double Upper)> Candidates);

    /// <summary>A query: its unit vector, the same as int16 values times a scale, and how scores are adjusted.</summary>
    private sealed class Query(int dimension, string preferredLanguage, double otherLanguageFactor, PassageKind? kind)
    {
        public float[] Unit { get; } = new float[dimension];

        public short[] Quantized { get; } = new short[dimension];

        public float Scale { get; private set; }

        /// <summary>Σ|unit value|: bounds the error from the rows' rounding.</summary>
        public float AbsoluteSum { get; private set; }

        public PassageKind? Kind { get; } = kind;

        public void Quantize()
        {
            var sbytes = new sbyte[Unit.Length];
            VectorIndex.Quantize(Unit, sbytes, out var scale, out _);
            Scale = scale;
            for (var i = 0; i < sbytes.Length; i++)
            {
                Quantized[i] = sbytes[i];
            }

            AbsoluteSum = TensorPrimitives.SumOfMagnitudes(Unit);
        }

        /// <summary>The ranking score: the similarity, lowered for another language (monotonic, so bounds stay bounds).</summary>
        public double Adjust(double similarity, string language) =>
            ReferenceEquals(language, preferredLanguage) || language == preferredLanguage ? similarity
            : similarity > 0 ? similarity * otherLanguageFactor
            : similarity / otherLanguageFactor;
    }
}
