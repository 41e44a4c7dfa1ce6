using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;

namespace PatchBench.Harness.Compare;

/// <summary>A run folder's identity and scored records, as compare and gate read them.</summary>
/// <param name="Info">run.json.</param>
/// <param name="Records">Scored records, one per sample.</param>
public sealed record RunData(RunInfo Info, IReadOnlyList<SampleRecord> Records)
{
    /// <summary>Loads a run folder.</summary>
    public static RunData Load(string directory)
    {
        var folder = new RunFolder(directory);
        var info = folder.ReadInfo();
        return new RunData(info, folder.ReadSamples().Where(r => r.Scored).ToList());
    }
}

/// <summary>
/// Paired comparison of two runs of the same suite: items scored in both are the pairs. Per metric: the mean of
/// per-item differences (B − A) with a paired bootstrap interval (items resampled together), and a two-sided p-value:
/// McNemar's exact test over (item, sample) pairs for pass metrics, the paired bootstrap's for real-valued ones.
/// </summary>
public sealed class RunComparer(int resamples = Bootstrap.DefaultResamples, int seed = 0)
{
    /// <summary>Compares <paramref name="a"/> (baseline) with <paramref name="b"/> (candidate).</summary>
    /// <exception cref="HarnessInputException">The runs are of different suites (hashes).</exception>
    public ComparisonReport Compare(RunData a, RunData b)
    {
        if (a.Info.Suite.Hash != b.Info.Suite.Hash)
            throw new HarnessInputException($"runs '{a.Info.RunId}' and '{b.Info.RunId}' are of different suites ({a.Info.Suite.Name} {a.Info.Suite.Version} " +
                $"hash {Short(a.Info.Suite.Hash)} vs {b.Info.Suite.Name} {b.Info.Suite.Version} hash {Short(b.Info.Suite.Hash)}); their numbers are not " +
                $"comparable");
        var itemsA = a.Records.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal);
        var itemsB = b.Records.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal);
        var paired = itemsA.Intersect(itemsB).Order(StringComparer.Ordinal).ToList();
        var metrics = a.Info.Metrics.Where(m => b.Info.Metrics.Any(x => x.Name == m.Name))
            .OrderBy(m => HeadlineMetrics.Order.ToList().IndexOf(m.Name) is var i && i >= 0 ? i : int.MaxValue).ThenBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
        var categories = a.Records.Where(r => paired.Contains(r.ItemId)).GroupBy(r => r.Category is { Length: > 0 } c ? c : "(none)")
            .ToDictionary(g => g.Key, g => g.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal));
        return new ComparisonReport
        {
            RunA = a.Info.RunId,
            RunB = b.Info.RunId,
            SystemA = a.Info.System.Spec,
            SystemB = b.Info.System.Spec,
            SuiteHash = a.Info.Suite.Hash,
            PairedItems = paired.Count,
            OnlyInA = itemsA.Count(i => !itemsB.Contains(i)),
            OnlyInB = itemsB.Count(i => !itemsA.Contains(i)),
            BootstrapResamples = resamples,
            BootstrapSeed = seed,
            Metrics = metrics.Select(m => CompareMetric(m, a.Records, b.Records, paired, withFlips: true)).OfType<MetricComparison>().ToList(),
            ByCategory = new SortedDictionary<string, List<MetricComparison>>(
                categories.ToDictionary(
                    c => c.Key,
                    c => metrics.Select(m => CompareMetric(m, a.Records, b.Records, paired.Where(c.Value.Contains).ToList(), withFlips: false))
                        .OfType<MetricComparison>().ToList()),
                StringComparer.Ordinal),
        };
    }

    private MetricComparison? CompareMetric(MetricDefinition metric, IReadOnlyList<SampleRecord> a, IReadOnlyList<SampleRecord> b, IReadOnlyList<string> items,
        bool withFlips)
    {
        var valuesA = Values(a, metric.Name);
        var valuesB = Values(b, metric.Name);
        var pairedItems = items.Where(i => valuesA.ContainsKey(i) && valuesB.ContainsKey(i)).ToList();
        if (pairedItems.Count == 0) return null;
        var meanA = pairedItems.Select(i => valuesA[i].Values.Average()).ToList();
        var meanB = pairedItems.Select(i => valuesB[i].Values.Average()).ToList();
        var differences = meanA.Zip(meanB, (x, y) => y - x).ToList();
        var (interval, bootstrapP) = PairedBootstrap(differences);
        var result = new MetricComparison
        {
            Name = metric.Name,
            Kind = metric.Kind,
            HigherIsBetter = metric.HigherIsBetter,
            Items = pairedItems.Count,
            MeanA = meanA.Average(),
            MeanB = meanB.Average(),
            Difference = interval.Estimate,
            CiLow = interval.Low,
            CiHigh = interval.High,
            PValue = bootstrapP,
            Test = "paired bootstrap",
        };
        if (metric.Kind != MetricKind.Pass) return result;

        var onlyA = new List<string>();
        var onlyB = new List<string>();
        foreach (var item in pairedItems)
        {
            foreach (var (sample, x) in valuesA[item])
            {
                if (!valuesB[item].TryGetValue(sample, out var y)) continue;
                var label = sample == 0 ? item : $"{item}#{sample}";
                if (x >= 0.5 && y < 0.5) onlyA.Add(label);
                else if (x < 0.5 && y >= 0.5) onlyB.Add(label);
            }
        }
        return result with
        {
            PValue = McNemar.ExactPValue(onlyA.Count, onlyB.Count),
            Test = "McNemar exact",
            PassOnlyInA = onlyA.Count,
            PassOnlyInB = onlyB.Count,
            FlippedToFail = withFlips ? onlyA : null,
            FlippedToPass = withFlips ? onlyB : null,
        };
    }

    /// <summary>
    /// Mean difference with a percentile bootstrap interval over items, and the two-sided bootstrap p-value
    /// min(1, 2·min(P*(d ≤ 0), P*(d ≥ 0))) (0 differences everywhere give p = 1).
    /// </summary>
    internal (Interval Interval, double PValue) PairedBootstrap(IReadOnlyList<double> differences)
    {
        var mean = differences.Average();
        if (differences.All(d => d == 0)) return (new Interval(0, 0, 0), 1.0);
        var random = new Random(seed);
        var n = differences.Count;
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += differences[random.Next(n)];
            means[r] = sum / n;
        }
        Array.Sort(means);
        var atMostZero = means.Count(m => m <= 0) / (double)resamples;
        var atLeastZero = means.Count(m => m >= 0) / (double)resamples;
        var p = Math.Min(1.0, 2 * Math.Min(atMostZero, atLeastZero));
        return (new Interval(mean, Quantiles.Sorted(means, 0.025), Quantiles.Sorted(means, 0.975)), p);
    }

    private static Dictionary<string, SortedDictionary<int, double>> Values(IReadOnlyList<SampleRecord> records, string metric)
    {
        var result = new Dictionary<string, SortedDictionary<int, double>>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            if (!r.Scores.TryGetValue(metric, out var v)) continue;
            if (!result.TryGetValue(r.ItemId, out var samples)) result[r.ItemId] = samples = [];
            samples[r.SampleIndex] = v;
        }
        return result;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
