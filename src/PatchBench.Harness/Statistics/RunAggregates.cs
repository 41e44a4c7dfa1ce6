using PatchBench.Harness.Scoring;

namespace PatchBench.Harness.Statistics;

/// <summary>A run's summary statistics (the <c>aggregates</c> of run.json).</summary>
public sealed record RunAggregates
{
    /// <summary>Scored samples summarised.</summary>
    public int Samples { get; init; }
    /// <summary>Distinct items summarised.</summary>
    public int Items { get; init; }
    /// <summary>Samples carrying an error.</summary>
    public int Errors { get; init; }
    /// <summary>Bootstrap resamples behind every interval.</summary>
    public int BootstrapResamples { get; init; }
    /// <summary>Seed of the bootstrap.</summary>
    public int BootstrapSeed { get; init; }
    /// <summary>Confidence level of every interval.</summary>
    public double Confidence { get; init; } = 0.95;
    /// <summary>Whole run.</summary>
    public required GroupSummary Overall { get; init; }
    /// <summary>Per item category.</summary>
    public SortedDictionary<string, GroupSummary> ByCategory { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Per item difficulty.</summary>
    public SortedDictionary<string, GroupSummary> ByDifficulty { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Speed and memory.</summary>
    public ThroughputSummary Throughput { get; init; } = new();
}

/// <summary>Metric summaries over a group of items.</summary>
public sealed record GroupSummary
{
    /// <summary>Items in the group.</summary>
    public int Items { get; init; }
    /// <summary>Samples in the group.</summary>
    public int Samples { get; init; }
    /// <summary>One entry per metric, headline metrics first.</summary>
    public List<MetricSummary> Metrics { get; init; } = [];
}

/// <summary>
/// One metric over a group: the mean over items of each item's mean over its samples, with a bootstrap interval over
/// items; for pass/fail metrics also the pooled rate over samples with its Wilson interval and pass@k.
/// </summary>
public sealed record MetricSummary
{
    /// <summary>Metric name.</summary>
    public required string Name { get; init; }
    /// <summary>Pass/fail or real-valued.</summary>
    public MetricKind Kind { get; init; }
    /// <summary>Direction.</summary>
    public bool HigherIsBetter { get; init; }
    /// <summary>Items with a value.</summary>
    public int Items { get; init; }
    /// <summary>Samples with a value.</summary>
    public int Samples { get; init; }
    /// <summary>Mean over items of per-item means (for pass metrics: pass@1).</summary>
    public double Mean { get; init; }
    /// <summary>Bootstrap interval low.</summary>
    public double CiLow { get; init; }
    /// <summary>Bootstrap interval high.</summary>
    public double CiHigh { get; init; }
    /// <summary>Passing samples (pass metrics).</summary>
    public int? Successes { get; init; }
    /// <summary>Pooled pass rate over samples (pass metrics).</summary>
    public double? Rate { get; init; }
    /// <summary>Wilson interval low of <see cref="Rate"/>.</summary>
    public double? WilsonLow { get; init; }
    /// <summary>Wilson interval high of <see cref="Rate"/>.</summary>
    public double? WilsonHigh { get; init; }
    /// <summary>k → mean over items of the unbiased pass@k, for k up to the fewest samples of an item (pass metrics).</summary>
    public SortedDictionary<int, double>? PassAtK { get; init; }
}

/// <summary>Speed and memory of a run.</summary>
public sealed record ThroughputSummary
{
    /// <summary>Time to first token (ms).</summary>
    public Distribution? TtftMs { get; init; }
    /// <summary>Prompt processing speed.</summary>
    public Distribution? PromptTokensPerS { get; init; }
    /// <summary>Generation speed.</summary>
    public Distribution? GenerationTokensPerS { get; init; }
    /// <summary>Generation latency per sample as the harness saw it (ms).</summary>
    public Distribution? LatencyMs { get; init; }
    /// <summary>Scoring time per sample (ms).</summary>
    public Distribution? ScoringMs { get; init; }
    /// <summary>Prompt tokens in total.</summary>
    public long PromptTokens { get; init; }
    /// <summary>Generated tokens in total.</summary>
    public long CompletionTokens { get; init; }
    /// <summary>Peak resident memory of the harness process (bytes), when measured.</summary>
    public long? PeakMemoryBytes { get; init; }
    /// <summary>GPU memory in use at the end of the run (MiB), when nvidia-smi reports it.</summary>
    public long? GpuMemoryUsedMib { get; init; }
}

/// <summary>Mean and percentiles (linear interpolation) of a quantity over samples.</summary>
public sealed record Distribution(int N, double Mean, double P50, double P95, double P99)
{
    /// <summary>Summarises the values, or returns null when there are none.</summary>
    public static Distribution? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0) return null;
        Array.Sort(sorted);
        return new Distribution(sorted.Length, sorted.Average(), Quantiles.Sorted(sorted, 0.50), Quantiles.Sorted(sorted, 0.95),
            Quantiles.Sorted(sorted, 0.99));
    }
}
