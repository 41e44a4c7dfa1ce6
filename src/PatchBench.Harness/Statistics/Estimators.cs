namespace PatchBench.Harness.Statistics;

/// <summary>A point estimate with a confidence interval.</summary>
/// <param name="Estimate">The point estimate.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public readonly record struct Interval(double Estimate, double Low, double High);

/// <summary>Percentile bootstrap intervals, seeded so a run's report is reproducible.</summary>
public static class Bootstrap
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>
    /// Mean of <paramref name="values"/> with a percentile bootstrap interval: resample the values with replacement
    /// <paramref name="resamples"/> times, take the (1−c)/2 and (1+c)/2 quantiles of the resampled means.
    /// </summary>
    public static Interval Mean(IReadOnlyList<double> values, int resamples, int seed, double confidence = 0.95)
    {
        if (values.Count == 0) return new Interval(double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        if (values.Count == 1) return new Interval(mean, mean, mean);
        var random = new Random(seed);
        var means = new double[resamples];
        var n = values.Count;
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += values[random.Next(n)];
            means[r] = sum / n;
        }
        Array.Sort(means);
        var alpha = (1 - confidence) / 2;
        return new Interval(mean, Quantiles.Sorted(means, alpha), Quantiles.Sorted(means, 1 - alpha));
    }
}

/// <summary>Wilson score interval for a binomial proportion.</summary>
public static class Wilson
{
    /// <summary>The z value of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = successes/n; always within [0, 1].
    /// </summary>
    public static Interval Interval(int successes, int n, double z = Z95)
    {
        if (n <= 0) return new Interval(double.NaN, 0, 1);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes));
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(p, Math.Clamp(centre - half, 0, 1), Math.Clamp(centre + half, 0, 1));
    }
}

/// <summary>The unbiased pass@k estimator of Chen et al. (2021).</summary>
public static class PassAtK
{
    /// <summary>
    /// 1 − C(n−c, k)/C(n, k): the chance that k of the n samples drawn without replacement include a pass, given c passes.
    /// Computed as 1 − Π_{i=n−c+1}^{n} (1 − k/i), which never forms the huge binomials.
    /// </summary>
    public static double Estimate(int n, int c, int k)
    {
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in 1..n (n={n}, k={k})");
        if (c < 0 || c > n) throw new ArgumentOutOfRangeException(nameof(c));
        if (n - c < k) return 1.0;
        var product = 1.0;
        for (var i = n - c + 1; i <= n; i++) product *= 1.0 - (double)k / i;
        return 1.0 - product;
    }
}

/// <summary>Quantiles by linear interpolation between order statistics (R's type 7, numpy's default).</summary>
public static class Quantiles
{
    /// <summary>The <paramref name="p"/> quantile of ascending <paramref name="sorted"/>.</summary>
    public static double Sorted(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var h = (sorted.Count - 1) * Math.Clamp(p, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The <paramref name="p"/> quantile of unsorted values.</summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Sorted(sorted, p);
    }
}

/// <summary>McNemar's exact test on paired pass/fail outcomes.</summary>
public static class McNemar
{
    /// <summary>
    /// Two-sided exact p-value: with b pairs passing only in A and c only in B, under H0 the b of the b+c discordant
    /// pairs are Binomial(b+c, ½); p = min(1, 2·P(X ≤ min(b, c))). 1 when there are no discordant pairs.
    /// </summary>
    public static double ExactPValue(int b, int c)
    {
        var n = b + c;
        if (n == 0) return 1.0;
        var m = Math.Min(b, c);
        // Sum C(n,i)/2^n for i ≤ m in log space, so thousands of pairs do not overflow.
        var logTerms = new double[m + 1];
        var logChoose = 0.0; // log C(n, 0)
        for (var i = 0; i <= m; i++)
        {
            if (i > 0) logChoose += Math.Log(n - i + 1) - Math.Log(i);
            logTerms[i] = logChoose - n * Math.Log(2);
        }
        var max = logTerms.Max();
        var tail = Math.Exp(max) * logTerms.Sum(t => Math.Exp(t - max));
        return Math.Min(1.0, 2 * tail);
    }
}
