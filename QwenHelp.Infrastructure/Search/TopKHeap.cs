namespace QwenHelp.Infrastructure.Search;

/// <summary>
/// Keeps the <c>k</c> highest-scoring items offered to it (a min-heap of size k). Among equal scores
/// the item offered first ranks first, so results are deterministic.
/// </summary>
public sealed class TopKHeap<T>
{
    private readonly (T Item, double Score, long Order)[] _heap;
    private int _count;
    private long _offered;

    public TopKHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _heap = new (T, double, long)[capacity];
    }

    public int Count => _count;

    public bool IsFull => _count == _heap.Length;

    /// <summary>The lowest score kept: an item must beat it to get in once the heap is full.</summary>
    public double MinScore => _count == 0 ? double.NegativeInfinity : _heap[0].Score;

    public void Offer(T item, double score)
    {
        var order = _offered++;
        if (_count < _heap.Length)
        {
            _heap[_count] = (item, score, order);
            SiftUp(_count++);
        }
        else if (score > _heap[0].Score)
        {
            _heap[0] = (item, score, order);
            SiftDown(0);
        }
    }

    /// <summary>The kept items, best first; the heap is empty afterwards.</summary>
    public List<(T Item, double Score)> DrainBestFirst()
    {
        var items = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(items, (x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : x.Order.CompareTo(y.Order));
        _count = 0;
        return items.Select(i => (i.Item, i.Score)).ToList();
    }

    /// <summary>True when <paramref name="a"/> ranks below <paramref name="b"/> (lower score, or equal and offered later).</summary>
    private static bool Below((T Item, double Score, long Order) a, (T Item, double Score, long Order) b) =>
        a.Score < b.Score || (a.Score == b.Score && a.Order > b.Order);

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Below(_heap[index], _heap[parent]))
            {
                break;
            }

            (_heap[index], _heap[parent]) = (_heap[parent], _heap[index]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            var right = left + 1;
            var lowest = index;
            if (left < _count && Below(_heap[left], _heap[lowest]))
            {
                lowest = left;
            }

            if (right < _count && Below(_heap[right], _heap[lowest]))
            {
                lowest = right;
            }

            if (lowest == index)
            {
                return;
            }

            (_heap[index], _heap[lowest]) = (_heap[lowest], _heap[index]);
            index = lowest;
        }
    }
}
