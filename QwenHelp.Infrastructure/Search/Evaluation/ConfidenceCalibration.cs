namespace QwenHelp.Infrastructure.Search.Evaluation;

/// <summary>
/// Fits the confidence model (<see cref="ConfidenceModel"/>) to labelled outcomes: logistic
/// regression by Newton's method with a light L2 penalty (so a feature that separates the sample
/// perfectly does not run off to infinity), then reports how well the fitted confidences match the
/// observed accuracy.
/// </summary>
public static class ConfidenceCalibration
{
    private const double Ridge = 0.05;

    /// <param name="samples">The evidence behind each query's best FAQ passage, and whether it was right.</param>
    public static ConfidenceOptions Fit(IReadOnlyList<(ConfidenceFeatures Features, bool Correct)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var w = new double[5];
        if (samples.Count == 0)
        {
            return ToOptions(w);
        }

        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[5];
            var hessian = new double[5, 5];
            foreach (var (features, correct) in samples)
            {
                var x = Vector(features);
                var p = Sigmoid(Dot(w, x));
                var y = correct ? 1.0 : 0.0;
                for (var i = 0; i < 5; i++)
                {
                    gradient[i] += (p - y) * x[i];
                    for (var j = 0; j < 5; j++)
                    {
                        hessian[i, j] += p * (1 - p) * x[i] * x[j];
                    }
                }
            }

            for (var i = 1; i < 5; i++)
            {
                gradient[i] += Ridge * w[i];
                hessian[i, i] += Ridge;
            }

            hessian[0, 0] += 1e-9;
            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var i = 0; i < 5; i++)
            {
                w[i] -= step[i];
                change = Math.Max(change, Math.Abs(step[i]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return ToOptions(w);
    }

    /// <summary>Mean squared difference between confidence and outcome (0 is perfect; always guessing 0.5 scores 0.25).</summary>
    public static double BrierScore(IReadOnlyList<(double Confidence, bool Correct)> predictions) =>
        predictions.Count == 0 ? 0 : predictions.Average(p => Math.Pow(p.Confidence - (p.Correct ? 1 : 0), 2));

    /// <summary>Predictions grouped by confidence (0–0.2, 0.2–0.4, …): how many, how confident on average, how often right.</summary>
    public static IReadOnlyList<(double From, double To, int Count, double MeanConfidence, double Accuracy)> Reliability(
        IReadOnlyList<(double Confidence, bool Correct)> predictions, int bins = 5)
    {
        var result = new List<(double, double, int, double, double)>();
        for (var b = 0; b < bins; b++)
        {
            double from = (double)b / bins, to = (double)(b + 1) / bins;
            var inBin = predictions.Where(p => p.Confidence >= from && (p.Confidence < to || (b == bins - 1 && p.Confidence <= to))).ToList();
            result.Add((from, to, inBin.Count, inBin.Count == 0 ? 0 : inBin.Average(p => p.Confidence), inBin.Count == 0 ? 0 : inBin.Count(p => p.Correct) / (double)inBin.Count));
        }

        return result;
    }

    private static double[] Vector(ConfidenceFeatures f) => [1, f.Coverage, f.Similarity, f.Agreement ? 1 : 0, f.Margin];

    private static ConfidenceOptions ToOptions(double[] w) => new()
    {
        Intercept = Math.Round(w[0], 3),
        Coverage = Math.Round(w[1], 3),
        Similarity = Math.Round(w[2], 3),
        Agreement = Math.Round(w[3], 3),
        Margin = Math.Round(w[4], 3),
    };

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Solves <c>A x = b</c> by Gaussian elimination with partial pivoting (A is small and positive definite).</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                continue;
            }

            for (var k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (x[col], x[pivot]) = (x[pivot], x[col]);
            for (var row = 0; row < n; row++)
            {
                if (row == col)
                {
                    continue;
                }

                var factor = m[row, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                x[row] -= factor * x[col];
            }
        }

        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Abs(m[i, i]) < 1e-12 ? 0 : x[i] / m[i, i];
        }

        return x;
    }
}
