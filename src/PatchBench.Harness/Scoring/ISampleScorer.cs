using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PatchBench.Harness.Runs;

namespace PatchBench.Harness.Scoring;

/// <summary>Scores one extracted patch. Lint, similarity, execution and functional checks each implement this.</summary>
public interface ISampleScorer
{
    /// <summary>Scorer name: the key of its details in a sample record.</summary>
    string Name { get; }

    /// <summary>The metrics this scorer reports.</summary>
    IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>Scores <paramref name="patch"/> for <paramref name="item"/>. Throwing records an error for the sample.</summary>
    Task<ScoreResult> ScoreAsync(BenchItem item, string patch, CancellationToken cancellationToken);
}

/// <summary>What one scorer found: metric values and its details as a JSON object.</summary>
/// <param name="Metrics">Metric name → value; pass/fail metrics use 1 and 0.</param>
/// <param name="Details">Anything worth keeping (diagnostics, matched pairs, events), or null.</param>
public sealed record ScoreResult(IReadOnlyDictionary<string, double> Metrics, JsonObject? Details = null);

/// <summary>How a metric is summarised and which direction is better.</summary>
public enum MetricKind
{
    /// <summary>1 pass, 0 fail: rates with Wilson intervals, pass@k and McNemar's test.</summary>
    [JsonStringEnumMemberName("pass")]
    Pass,
    /// <summary>A real number: means with bootstrap intervals and paired bootstrap comparison.</summary>
    [JsonStringEnumMemberName("mean")]
    Mean,
}

/// <summary>A metric's name, kind and direction.</summary>
/// <param name="Name">snake_case metric name, e.g. <c>lint_ok</c>, <c>similarity</c>.</param>
/// <param name="Kind">Pass/fail or real-valued.</param>
/// <param name="HigherIsBetter">False for metrics like the degenerate-output rate or perplexity.</param>
/// <param name="Description">One line for reports.</param>
public sealed record MetricDefinition(string Name, MetricKind Kind, bool HigherIsBetter, string Description);

/// <summary>The metric names of DESIGN.md's headline metrics, shared by scorers, statistics and gate.</summary>
public static class HeadlineMetrics
{
    /// <summary>Static lint passes (no errors).</summary>
    public const string LintOk = "lint_ok";
    /// <summary>Pd loads the patch without creation errors.</summary>
    public const string LoadOk = "load_ok";
    /// <summary>The patch reaches stage <c>run</c> in the sandbox.</summary>
    public const string RunOk = "run_ok";
    /// <summary>All functional checks pass.</summary>
    public const string FunctionalPass = "functional_pass";
    /// <summary>Graph similarity to the reference in [0,1].</summary>
    public const string Similarity = "similarity";
    /// <summary>Perplexity of the reference patch under the model (perplexity mode).</summary>
    public const string ReferencePerplexity = "reference_perplexity";
    /// <summary>The output is a repetition loop.</summary>
    public const string Degenerate = "degenerate";

    /// <summary>Definitions of the metrics the harness computes itself.</summary>
    public static readonly MetricDefinition DegenerateDefinition =
        new(Degenerate, MetricKind.Pass, HigherIsBetter: false, "output is a repetition loop (a repeated line or n-gram covers most of it)");

    /// <inheritdoc cref="DegenerateDefinition"/>
    public static readonly MetricDefinition ReferencePerplexityDefinition =
        new(ReferencePerplexity, MetricKind.Mean, HigherIsBetter: false, "perplexity of the reference patch under the model");

    /// <summary>Headline order for reports.</summary>
    public static readonly IReadOnlyList<string> Order = [LintOk, LoadOk, RunOk, FunctionalPass, Similarity, ReferencePerplexity, Degenerate];
}
