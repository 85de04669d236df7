namespace MathCritique.TestTime;

/// <summary>The unbiased pass@k estimator of Chen et al. (2021).</summary>
public static class PassAtK
{
    /// <summary>
    /// Probability that at least one of k samples drawn without replacement from n samples, of which
    /// c are correct, is correct: 1 - C(n-c, k) / C(n, k), computed as a stable product.
    /// </summary>
    public static double Estimate(int n, int c, int k)
    {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n)
            throw new ArgumentOutOfRangeException(nameof(k), $"need 1 <= k <= n, 0 <= c <= n (n={n}, c={c}, k={k})");
        if (n - c < k)
            return 1.0;
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++)
            allWrong *= 1.0 - (double)k / i;
        return 1.0 - allWrong;
    }
}
