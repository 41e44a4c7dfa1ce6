using System.Globalization;
using PatchBench.Harness.Records;
using PatchBench.Harness.Scoring;

namespace PatchBench.Cli.Harness;

/// <summary>One-line-per-metric text summaries of a run for the terminal.</summary>
public static class RunSummaryText
{
    /// <summary>Writes the run folder, status and each metric's mean with its interval.</summary>
    public static void Write(TextWriter output, string directory, RunInfo info)
    {
        output.WriteLine($"{info.RunId}: {info.Status} → {directory}");
        if (info.Aggregates is not { } a) return;
        output.WriteLine($"  {a.Items} items, {a.Samples} samples, {a.Errors} errors; 95% CIs from {a.BootstrapResamples} bootstrap resamples (seed " +
            $"{a.BootstrapSeed})");
        foreach (var m in a.Overall.Metrics)
        {
            var text = m.Kind == MetricKind.Pass
                ? $"{F(m.Rate ?? m.Mean)} (Wilson {F(m.WilsonLow ?? 0)}–{F(m.WilsonHigh ?? 1)}; pass@1 {F(m.Mean)} [{F(m.CiLow)}, {F(m.CiHigh)}]"
                  + (m.PassAtK is { Count: > 1 } k ? $"; pass@{k.Keys.Max()} {F(k[k.Keys.Max()])}" : "") + ")"
                : $"{F(m.Mean)} [{F(m.CiLow)}, {F(m.CiHigh)}]";
            output.WriteLine($"  {m.Name,-22} {text}");
        }
        if (a.Throughput.LatencyMs is { } l) output.WriteLine($"  {"latency_ms",-22} p50 {F(l.P50)}, p95 {F(l.P95)}, p99 {F(l.P99)}");
        if (a.Throughput.GenerationTokensPerS is { } g) output.WriteLine($"  {"generation_tok_s",-22} mean {F(g.Mean)}");
    }

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
