namespace MathCritique.Evaluation;

/// <summary>A mean with a confidence interval.</summary>
public sealed record Estimate(double Mean, double Low, double High, int Count);

/// <summary>Percentile bootstrap confidence intervals for the mean of per-problem scores.</summary>
public static class BootstrapInterval
{
    public static Estimate Mean(IReadOnlyList<double> scores, double confidence = 0.95, int resamples = 2000, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        if (scores.Count == 0)
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        double mean = scores.Average();
        var random = new Random(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < scores.Count; i++)
                sum += scores[random.Next(scores.Count)];
            means[r] = sum / scores.Count;
        }
        Array.Sort(means);
        double tail = (1 - confidence) / 2;
        return new Estimate(mean, Percentile(means, tail), Percentile(means, 1 - tail), scores.Count);
    }

    /// <summary>
    /// The percentile interval of any statistic of <paramref name="items"/> (an F1, a ratio), resampling the items with
    /// replacement; resamples where the statistic is undefined (NaN: say, none of a class drawn) are left out.
    /// </summary>
    public static Estimate Of<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, double> statistic, double confidence = 0.95, int resamples = 2000, int seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(statistic);
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be in (0, 1)");
        if (items.Count == 0)
            return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        var random = new Random(seed);
        var sample = new T[items.Count];
        var values = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < sample.Length; i++)
                sample[i] = items[random.Next(items.Count)];
            double value = statistic(sample);
            if (!double.IsNaN(value))
                values.Add(value);
        }
        double whole = statistic(items);
        if (values.Count == 0)
            return new Estimate(whole, double.NaN, double.NaN, items.Count);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double tail = (1 - confidence) / 2;
        return new Estimate(whole, Percentile(sorted, tail), Percentile(sorted, 1 - tail), items.Count);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
