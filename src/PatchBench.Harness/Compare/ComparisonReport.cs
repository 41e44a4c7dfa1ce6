using PatchBench.Harness.Scoring;

namespace PatchBench.Harness.Compare;

/// <summary>The result of <c>patchbench compare RUN_A RUN_B</c> (its JSON form).</summary>
public sealed record ComparisonReport
{
    /// <summary>Run id of A (the baseline).</summary>
    public required string RunA { get; init; }
    /// <summary>Run id of B (the candidate).</summary>
    public required string RunB { get; init; }
    /// <summary>System spec of A.</summary>
    public string SystemA { get; init; } = "";
    /// <summary>System spec of B.</summary>
    public string SystemB { get; init; } = "";
    /// <summary>The common suite hash.</summary>
    public required string SuiteHash { get; init; }
    /// <summary>Items scored in both runs (the pairs).</summary>
    public int PairedItems { get; init; }
    /// <summary>Items scored only in A.</summary>
    public int OnlyInA { get; init; }
    /// <summary>Items scored only in B.</summary>
    public int OnlyInB { get; init; }
    /// <summary>Bootstrap resamples.</summary>
    public int BootstrapResamples { get; init; }
    /// <summary>Bootstrap seed.</summary>
    public int BootstrapSeed { get; init; }
    /// <summary>Whole-suite comparison per metric.</summary>
    public List<MetricComparison> Metrics { get; init; } = [];
    /// <summary>Per category comparison per metric (flip lists left out).</summary>
    public SortedDictionary<string, List<MetricComparison>> ByCategory { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>One metric compared over paired items.</summary>
public sealed record MetricComparison
{
    /// <summary>Metric name.</summary>
    public required string Name { get; init; }
    /// <summary>Kind.</summary>
    public MetricKind Kind { get; init; }
    /// <summary>Direction.</summary>
    public bool HigherIsBetter { get; init; }
    /// <summary>Paired items.</summary>
    public int Items { get; init; }
    /// <summary>Mean of A over paired items.</summary>
    public double MeanA { get; init; }
    /// <summary>Mean of B over paired items.</summary>
    public double MeanB { get; init; }
    /// <summary>B − A, mean of per-item differences.</summary>
    public double Difference { get; init; }
    /// <summary>Paired bootstrap 95% interval of the difference, low.</summary>
    public double CiLow { get; init; }
    /// <summary>Paired bootstrap 95% interval of the difference, high.</summary>
    public double CiHigh { get; init; }
    /// <summary>Two-sided p-value: McNemar's exact test for pass metrics, the paired bootstrap's otherwise.</summary>
    public double PValue { get; init; }
    /// <summary>Name of the test behind <see cref="PValue"/>.</summary>
    public string Test { get; init; } = "";
    /// <summary>Sample pairs passing in A only (pass metrics).</summary>
    public int? PassOnlyInA { get; init; }
    /// <summary>Sample pairs passing in B only (pass metrics).</summary>
    public int? PassOnlyInB { get; init; }
    /// <summary>Samples ("item" or "item#sample") that passed in A and fail in B.</summary>
    public List<string>? FlippedToFail { get; init; }
    /// <summary>Samples that failed in A and pass in B.</summary>
    public List<string>? FlippedToPass { get; init; }
}

/// <summary>The result of <c>patchbench gate</c> (its JSON form).</summary>
public sealed record GateReport
{
    /// <summary>Baseline run id.</summary>
    public required string Baseline { get; init; }
    /// <summary>Candidate run id.</summary>
    public required string Candidate { get; init; }
    /// <summary>Significance level.</summary>
    public double Alpha { get; init; }
    /// <summary>True when no check failed.</summary>
    public bool Passed { get; init; }
    /// <summary>One check per gated metric.</summary>
    public List<GateCheck> Checks { get; init; } = [];
}

/// <summary>One gated metric: fails only when the drop exceeds the allowance and is significant.</summary>
public sealed record GateCheck
{
    /// <summary>Metric name.</summary>
    public required string Metric { get; init; }
    /// <summary>Largest allowed drop (in the metric's units, in its worse direction).</summary>
    public double MaxDrop { get; init; }
    /// <summary>Baseline mean.</summary>
    public double Baseline { get; init; }
    /// <summary>Candidate mean.</summary>
    public double Candidate { get; init; }
    /// <summary>How much worse the candidate is (negative: better).</summary>
    public double Drop { get; init; }
    /// <summary>Two-sided p-value of the difference.</summary>
    public double PValue { get; init; }
    /// <summary>p &lt; alpha.</summary>
    public bool Significant { get; init; }
    /// <summary>Drop &gt; max drop and significant.</summary>
    public bool Failed { get; init; }
    /// <summary>A sentence saying why it passed or failed.</summary>
    public string Verdict { get; init; } = "";
}
