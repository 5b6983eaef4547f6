namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>Chooses the next token from logits: repetition penalty, temperature, top-k, top-p, seeded randomness.</summary>
public sealed class Sampler
{
    private readonly GenerationSettings _settings;
    private readonly Random _random;
    private readonly HashSet<int> _seen = [];
    private int[] _order = [];
    private float[] _probabilities = [];

    public Sampler(GenerationSettings settings, IEnumerable<int> prompt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _random = settings.Seed is { } seed ? new Random(seed) : new Random();
        if (settings.RepetitionPenalty != 1f)
        {
            _seen.UnionWith(prompt);
        }
    }

    public int Next(Span<float> logits)
    {
        var penalty = _settings.RepetitionPenalty;
        if (penalty != 1f)
        {
            foreach (var id in _seen)
            {
                if ((uint)id < (uint)logits.Length)
                {
                    logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
                }
            }
        }

        var choice = _settings.Temperature <= 0f ? ArgMax(logits) : Sample(logits);
        if (penalty != 1f)
        {
            _seen.Add(choice);
        }

        return choice;
    }

    /// <summary>The index of the largest logit (SIMD); the first one on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);

    private int Sample(ReadOnlySpan<float> logits)
    {
        var n = logits.Length;
        var k = _settings.TopK > 0 ? Math.Min(_settings.TopK, n) : n;
        if (_order.Length != n)
        {
            _order = new int[n];
            _probabilities = new float[n];
        }

        // Candidates: the k best (all when top-k is off), most likely first.
        for (var i = 0; i < n; i++)
        {
            _order[i] = i;
        }

        var logitsCopy = logits.ToArray();
        var keys = new float[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = -logitsCopy[i];
        }

        Array.Sort(keys, _order);
        var max = logitsCopy[_order[0]];
        var t = _settings.Temperature;
        double sum = 0;
        for (var i = 0; i < k; i++)
        {
            var p = Math.Exp((logitsCopy[_order[i]] - max) / t);
            _probabilities[i] = (float)p;
            sum += p;
        }

        // Top-p: keep the smallest prefix whose probability reaches p.
        var keep = k;
        if (_settings.TopP is > 0f and < 1f)
        {
            double cumulative = 0;
            for (var i = 0; i < k; i++)
            {
                cumulative += _probabilities[i] / sum;
                if (cumulative >= _settings.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }

            sum = 0;
            for (var i = 0; i < keep; i++)
            {
                sum += _probabilities[i];
            }
        }

        var draw = _random.NextDouble() * sum;
        for (var i = 0; i < keep; i++)
        {
            draw -= _probabilities[i];
            if (draw <= 0)
            {
                return _order[i];
            }
        }

        return _order[keep - 1];
    }
}
