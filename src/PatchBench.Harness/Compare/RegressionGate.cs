using System.Globalization;
using System.Text;
using System.Xml.Linq;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;

namespace PatchBench.Harness.Compare;

/// <summary>A gated metric and how much it may drop: <c>--metric functional_pass:0.02</c>.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="MaxDrop">Largest allowed worsening, in the metric's own units (0.02 = two points of a rate).</param>
public sealed record GateThreshold(string Metric, double MaxDrop)
{
    /// <summary>Parses <c>name:max_drop</c> (or just <c>name</c>, allowing no significant drop).</summary>
    public static GateThreshold Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        var name = (colon < 0 ? text : text[..colon]).Trim();
        var drop = 0.0;
        if (name.Length == 0 || (colon >= 0 && (!double.TryParse(text[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out drop) || drop < 0
            || !double.IsFinite(drop))))
            throw new HarnessInputException($"--metric '{text}': expected name:max_drop with max_drop ≥ 0, e.g. functional_pass:0.02");
        return new GateThreshold(name, drop);
    }
}

/// <summary>
/// The CI regression gate: a metric fails only when the candidate is worse than the baseline by more than its allowed
/// drop AND the difference is statistically significant (two-sided p &lt; alpha: McNemar's exact test for pass metrics,
/// paired bootstrap otherwise). A noisy dip therefore passes, and so does a significant but allowed one.
/// </summary>
public sealed class RegressionGate(RunComparer comparer)
{
    /// <summary>Gates <paramref name="candidate"/> against <paramref name="baseline"/>. With no thresholds every metric of both runs is gated with max drop 0
    /// (headline metrics first).</summary>
    public GateReport Evaluate(RunData baseline, RunData candidate, IReadOnlyList<GateThreshold> thresholds, double alpha)
    {
        if (alpha is <= 0 or >= 1) throw new HarnessInputException($"--alpha must be between 0 and 1, got {alpha.ToString(CultureInfo.InvariantCulture)}");
        var comparison = comparer.Compare(baseline, candidate);
        var byName = comparison.Metrics.ToDictionary(m => m.Name);
        var gated = thresholds.Count > 0
            ? thresholds
            : comparison.Metrics.Select(m => new GateThreshold(m.Name, 0)).ToList();
        if (gated.Count == 0) throw new HarnessInputException("no metric to gate: the runs share no metric");
        var checks = new List<GateCheck>();
        foreach (var t in gated)
        {
            if (!byName.TryGetValue(t.Metric, out var m))
                throw new HarnessInputException($"--metric '{t.Metric}': not a metric of both runs (they share: {string.Join(", ", byName.Keys)})");
            var drop = m.HigherIsBetter ? m.MeanA - m.MeanB : m.MeanB - m.MeanA;
            var significant = m.PValue < alpha;
            var tooLarge = drop > t.MaxDrop + 1e-12;
            var failed = tooLarge && significant;
            var verdict = failed
                ? $"FAIL: dropped by {F(drop)} (allowed {F(t.MaxDrop)}), significant (p = {P(m.PValue)} < {F(alpha)}, {m.Test})"
                : tooLarge
                    ? $"pass: dropped by {F(drop)} (allowed {F(t.MaxDrop)}) but not significant (p = {P(m.PValue)} ≥ {F(alpha)}, {m.Test})"
                    : drop > 0
                        ? $"pass: dropped by {F(drop)}, within the allowed {F(t.MaxDrop)}"
                        : drop < 0 ? $"pass: better by {F(-drop)}" : "pass: no change";
            checks.Add(new GateCheck
            {
                Metric = t.Metric,
                MaxDrop = t.MaxDrop,
                Baseline = m.MeanA,
                Candidate = m.MeanB,
                Drop = drop,
                PValue = m.PValue,
                Significant = significant,
                Failed = failed,
                Verdict = verdict,
            });
        }
        return new GateReport { Baseline = baseline.Info.RunId, Candidate = candidate.Info.RunId, Alpha = alpha, Passed = checks.All(c => !c.Failed),
            Checks = checks };
    }

    /// <summary>A Markdown summary for a CI job's summary page.</summary>
    public static string Markdown(GateReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## PatchBench gate: {(report.Passed ? "passed" : "FAILED")}").AppendLine();
        sb.AppendLine($"Baseline `{report.Baseline}`, candidate `{report.Candidate}`, alpha {F(report.Alpha)}.").AppendLine();
        sb.AppendLine("| metric | baseline | candidate | drop | allowed | p | result |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var c in report.Checks)
            sb.AppendLine($"| {c.Metric} | {F(c.Baseline)} | {F(c.Candidate)} | {F(c.Drop)} | {F(c.MaxDrop)} | {P(c.PValue)} | {c.Verdict} |");
        return sb.ToString();
    }

    /// <summary>JUnit XML: one test case per gated metric, a failure element for failed ones.</summary>
    public static string JUnit(GateReport report)
    {
        var cases = report.Checks.Select(c =>
        {
            var testCase = new XElement("testcase", new XAttribute("classname", "patchbench.gate"), new XAttribute("name", c.Metric),
                new XAttribute("time", "0"));
            if (c.Failed) testCase.Add(new XElement("failure", new XAttribute("message", c.Verdict), new XAttribute("type", "regression"),
                $"baseline {F(c.Baseline)}, candidate {F(c.Candidate)}"));
            else testCase.Add(new XElement("system-out", c.Verdict));
            return testCase;
        });
        var suite = new XElement("testsuite",
            new XAttribute("name", $"patchbench gate {report.Candidate} vs {report.Baseline}"),
            new XAttribute("tests", report.Checks.Count),
            new XAttribute("failures", report.Checks.Count(c => c.Failed)),
            new XAttribute("errors", 0),
            cases);
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + new XElement("testsuites", suite) + "\n";
    }

    internal static string F(double x) => double.IsNaN(x) ? "–" : x.ToString("0.####", CultureInfo.InvariantCulture);

    internal static string P(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);
}
