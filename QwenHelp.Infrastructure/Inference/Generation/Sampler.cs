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

    /// <summary>
    /// Temperature, top-k and top-p sampling. Only tokens within e^-20.7 (one in a billion) of the most
    /// likely one are candidates: the rest cannot change the draw measurably, and skipping them spares
    /// sorting the whole vocabulary every step.
    /// </summary>
    private int Sample(ReadOnlySpan<float> logits)
    {
        var t = _settings.Temperature;
        var max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
        var cutoff = max - (20.7f * t);
        var count = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] >= cutoff)
            {
                if (count == _order.Length)
                {
                    Array.Resize(ref _order, Math.Max(64, count * 2));
                    Array.Resize(ref _probabilities, _order.Length);
                }

                _order[count] = i;
                _probabilities[count] = -logits[i];
                count++;
            }
        }

        // Most likely first (keys are negated logits).
        Array.Sort(_probabilities, _order, 0, count);
        var keep = _settings.TopK > 0 ? Math.Min(_settings.TopK, count) : count;
        double sum = 0;
        for (var i = 0; i < keep; i++)
        {
            var p = Math.Exp((-_probabilities[i] - max) / t);
            _probabilities[i] = (float)p;
            sum += p;
        }

        if (_settings.TopP is > 0f and < 1f)
        {
            double cumulative = 0;
            for (var i = 0; i < keep; i++)
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
