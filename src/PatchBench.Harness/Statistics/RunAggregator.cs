using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;

namespace PatchBench.Harness.Statistics;

/// <summary>
/// Turns scored sample records into <see cref="RunAggregates"/>. Records are ordered by item id and sample index
/// first, so the numbers do not depend on the order samples finished in (a resumed run equals an uninterrupted one).
/// </summary>
public sealed class RunAggregator(IReadOnlyList<MetricDefinition> metrics, int resamples = Bootstrap.DefaultResamples, int seed = 0)
{
    /// <summary>Summarises <paramref name="records"/> (unscored ones are ignored).</summary>
    public RunAggregates Aggregate(IEnumerable<SampleRecord> records, long? peakMemoryBytes = null, long? gpuMemoryUsedMib = null)
    {
        var scored = records.Where(r => r.Scored)
            .OrderBy(r => r.ItemId, StringComparer.Ordinal).ThenBy(r => r.SampleIndex).ToList();
        return new RunAggregates
        {
            Samples = scored.Count,
            Items = scored.Select(r => r.ItemId).Distinct().Count(),
            Errors = scored.Count(r => r.Error is not null),
            BootstrapResamples = resamples,
            BootstrapSeed = seed,
            Overall = Summarise(scored),
            ByCategory = Grouped(scored, r => r.Category),
            ByDifficulty = Grouped(scored, r => r.Difficulty),
            Throughput = Throughput(scored, peakMemoryBytes, gpuMemoryUsedMib),
        };
    }

    private SortedDictionary<string, GroupSummary> Grouped(List<SampleRecord> scored, Func<SampleRecord, string> key)
    {
        var result = new SortedDictionary<string, GroupSummary>(StringComparer.Ordinal);
        foreach (var group in scored.GroupBy(r => key(r) is { Length: > 0 } k ? k : "(none)"))
            result[group.Key] = Summarise(group.ToList());
        return result;
    }

    /// <summary>Summarises one group of records, already ordered.</summary>
    public GroupSummary Summarise(IReadOnlyList<SampleRecord> scored)
    {
        var items = scored.GroupBy(r => r.ItemId, StringComparer.Ordinal).ToList();
        var summaries = new List<MetricSummary>();
        foreach (var metric in OrderedMetrics())
        {
            var perItem = items
                .Select(g => g.Where(r => r.Scores.ContainsKey(metric.Name)).Select(r => r.Scores[metric.Name]).ToArray())
                .Where(v => v.Length > 0).ToList();
            if (perItem.Count == 0) continue;
            var itemMeans = perItem.Select(v => v.Average()).ToList();
            var ci = Bootstrap.Mean(itemMeans, resamples, seed);
            var summary = new MetricSummary
            {
                Name = metric.Name,
                Kind = metric.Kind,
                HigherIsBetter = metric.HigherIsBetter,
                Items = perItem.Count,
                Samples = perItem.Sum(v => v.Length),
                Mean = ci.Estimate,
                CiLow = ci.Low,
                CiHigh = ci.High,
            };
            if (metric.Kind == MetricKind.Pass)
            {
                var n = perItem.Sum(v => v.Length);
                var c = perItem.Sum(v => v.Count(x => x >= 0.5));
                var wilson = Wilson.Interval(c, n);
                var maxK = perItem.Min(v => v.Length);
                var passAtK = new SortedDictionary<int, double>();
                for (var k = 1; k <= maxK; k++)
                    passAtK[k] = perItem.Average(v => PassAtK.Estimate(v.Length, v.Count(x => x >= 0.5), k));
                summary = summary with { Successes = c, Rate = wilson.Estimate, WilsonLow = wilson.Low, WilsonHigh = wilson.High, PassAtK = passAtK };
            }
            summaries.Add(summary);
        }
        return new GroupSummary { Items = items.Count, Samples = scored.Count, Metrics = summaries };
    }

    private IEnumerable<MetricDefinition> OrderedMetrics() =>
        metrics.DistinctBy(m => m.Name)
            .OrderBy(m => HeadlineMetrics.Order.IndexOf(m.Name) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(m => m.Name, StringComparer.Ordinal);

    private static ThroughputSummary Throughput(List<SampleRecord> scored, long? peakMemoryBytes, long? gpuMemoryUsedMib) => new()
    {
        TtftMs = Distribution.Of(scored.Where(r => r.Timings.TimeToFirstTokenMs is not null).Select(r => r.Timings.TimeToFirstTokenMs!.Value)),
        PromptTokensPerS = Distribution.Of(scored.Where(r => r.Timings.PromptTokensPerSecond is not null).Select(r => r.Timings.PromptTokensPerSecond!.Value)),
        GenerationTokensPerS = Distribution.Of(scored.Where(r => r.Timings.GenerationTokensPerSecond is not null)
            .Select(r => r.Timings.GenerationTokensPerSecond!.Value)),
        LatencyMs = Distribution.Of(scored.Select(r => r.Timings.TotalMs)),
        ScoringMs = Distribution.Of(scored.Select(r => r.Timings.ScoringMs)),
        PromptTokens = scored.Sum(r => (long)(r.Tokens?.Prompt ?? 0)),
        CompletionTokens = scored.Sum(r => (long)(r.Tokens?.Completion ?? 0)),
        PeakMemoryBytes = peakMemoryBytes,
        GpuMemoryUsedMib = gpuMemoryUsedMib,
    };
}

file static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
