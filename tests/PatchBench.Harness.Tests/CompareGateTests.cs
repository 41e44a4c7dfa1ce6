using System.Xml.Linq;
using PatchBench.Harness.Compare;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;

namespace PatchBench.Harness.Tests;

public class CompareGateTests
{
    private static readonly MetricDefinition[] Metrics =
    [
        new(HeadlineMetrics.FunctionalPass, MetricKind.Pass, true, "functional"),
        new(HeadlineMetrics.Similarity, MetricKind.Mean, true, "similarity"),
        new(HeadlineMetrics.Degenerate, MetricKind.Pass, false, "degenerate"),
    ];

    /// <summary>A constructed run: item i passes when pass(i), has similarity sim(i), is degenerate when degenerate(i).</summary>
    internal static RunData Run(string id, int items, Func<int, bool> pass, Func<int, double> sim, Func<int, bool>? degenerate = null,
        string suiteHash = "suite-h")
    {
        var info = new RunInfo
        {
            RunId = id,
            Suite = new SuiteIdentity("mini", "0.1.0", suiteHash),
            System = new SystemIdentity(id, id, id, null, null, new SortedDictionary<string, string>()),
            Plan = new PlanIdentity(1, null, 0, null, null, "p", Enumerable.Range(0, items).Select(i => $"i{i:000}").ToList()),
            Harness = new HarnessIdentity("0", null),
            Machine = new MachineInfo(),
            Status = "complete",
            Metrics = Metrics.ToList(),
        };
        var records = Enumerable.Range(0, items).Select(i => new SampleRecord
        {
            ItemId = $"i{i:000}",
            SampleIndex = 0,
            Category = i % 2 == 0 ? "even" : "odd",
            Scored = true,
            Scores = new()
            {
                [HeadlineMetrics.FunctionalPass] = pass(i) ? 1 : 0,
                [HeadlineMetrics.Similarity] = sim(i),
                [HeadlineMetrics.Degenerate] = degenerate?.Invoke(i) == true ? 1 : 0,
            },
        }).ToList();
        return new RunData(info, records);
    }

    private static readonly RegressionGate Gate = new(new RunComparer(2000, 0));

    [Fact]
    public void Compare_reports_paired_differences_mcnemar_and_flips()
    {
        // Baseline passes items 0..79; candidate passes 0..59 and 90..94: 20 pass→fail, 5 fail→pass.
        var a = Run("base", 100, i => i < 80, _ => 0.8);
        var b = Run("cand", 100, i => i < 60 || (i >= 90 && i < 95), i => 0.8 - (i % 2) * 0.1);
        var report = new RunComparer(2000, 0).Compare(a, b);
        var f = report.Metrics.Single(m => m.Name == HeadlineMetrics.FunctionalPass);
        Assert.Equal(100, report.PairedItems);
        Assert.Equal(0.80, f.MeanA, 12);
        Assert.Equal(0.65, f.MeanB, 12);
        Assert.Equal(-0.15, f.Difference, 12);
        Assert.Equal(20, f.PassOnlyInA);
        Assert.Equal(5, f.PassOnlyInB);
        Assert.Equal(McNemarReference(5, 25), f.PValue, 12);
        Assert.Equal("McNemar exact", f.Test);
        Assert.Equal(Enumerable.Range(60, 20).Select(i => $"i{i:000}"), f.FlippedToFail);
        Assert.True(f.CiLow < -0.15 && f.CiHigh > -0.15 && f.CiHigh < 0);

        var s = report.Metrics.Single(m => m.Name == HeadlineMetrics.Similarity);
        Assert.Equal(-0.05, s.Difference, 12);
        Assert.Equal("paired bootstrap", s.Test);
        Assert.True(s.PValue < 0.01);
        Assert.Equal(-0.1, report.ByCategory["odd"].Single(m => m.Name == HeadlineMetrics.Similarity).Difference, 12);
        Assert.Equal(0.0, report.ByCategory["even"].Single(m => m.Name == HeadlineMetrics.Similarity).Difference, 12);

        var markdown = ComparisonMarkdown.Render(report);
        Assert.Contains("| functional_pass | 0.8 | 0.65 | -0.15 |", markdown);
        Assert.Contains("pass → fail (20)", markdown);
    }

    [Fact]
    public void Gate_fails_on_a_significant_drop_beyond_the_allowance()
    {
        var a = Run("base", 100, i => i < 80, _ => 0.8);
        var b = Run("cand", 100, i => i < 60, _ => 0.8);
        var report = Gate.Evaluate(a, b, [GateThreshold.Parse("functional_pass:0.05")], 0.05);
        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks);
        Assert.Equal(0.2, check.Drop, 12);
        Assert.True(check.Failed);
        Assert.StartsWith("FAIL: dropped by 0.2 (allowed 0.05), significant", check.Verdict);
    }

    [Fact]
    public void Gate_passes_a_significant_drop_within_the_allowance()
    {
        var a = Run("base", 100, i => i < 80, _ => 0.8);
        var b = Run("cand", 100, i => i < 60, _ => 0.8);
        var report = Gate.Evaluate(a, b, [GateThreshold.Parse("functional_pass:0.25")], 0.05);
        Assert.True(report.Passed);
        Assert.Contains("within the allowed 0.25", report.Checks[0].Verdict);
    }

    [Fact]
    public void Gate_passes_a_drop_beyond_the_allowance_that_is_not_significant()
    {
        // 3 pass→fail, 0 fail→pass: McNemar p = 2·(1/8) = 0.25.
        var a = Run("base", 100, i => i < 80, _ => 0.8);
        var b = Run("cand", 100, i => i < 77, _ => 0.8);
        var report = Gate.Evaluate(a, b, [GateThreshold.Parse("functional_pass:0.01")], 0.05);
        Assert.True(report.Passed);
        Assert.Equal(0.25, report.Checks[0].PValue, 12);
        Assert.Contains("but not significant (p = 0.25", report.Checks[0].Verdict);
    }

    [Fact]
    public void Gate_treats_lower_is_better_metrics_the_right_way_round()
    {
        var a = Run("base", 60, _ => true, _ => 0.8, degenerate: _ => false);
        var worse = Run("cand", 60, _ => true, _ => 0.8, degenerate: i => i < 30);
        var better = Run("cand2", 60, _ => true, _ => 0.8, degenerate: _ => false);
        Assert.False(Gate.Evaluate(a, worse, [GateThreshold.Parse("degenerate:0.1")], 0.05).Passed);
        Assert.True(Gate.Evaluate(worse, better, [GateThreshold.Parse("degenerate:0")], 0.05).Passed);
    }

    [Fact]
    public void Gate_defaults_to_every_shared_metric_and_writes_junit_with_one_case_per_metric()
    {
        var a = Run("base", 100, i => i < 80, _ => 0.8);
        var b = Run("cand", 100, i => i < 60, _ => 0.7);
        var report = Gate.Evaluate(a, b, [], 0.05);
        Assert.Equal([HeadlineMetrics.FunctionalPass, HeadlineMetrics.Similarity, HeadlineMetrics.Degenerate], report.Checks.Select(c => c.Metric));
        var xml = XDocument.Parse(RegressionGate.JUnit(report));
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.Equal("2", xml.Descendants("testsuite").Single().Attribute("failures")!.Value);
        Assert.NotNull(cases.Single(c => c.Attribute("name")!.Value == "similarity").Element("failure"));
        Assert.Null(cases.Single(c => c.Attribute("name")!.Value == "degenerate").Element("failure"));
        Assert.Contains("## PatchBench gate: FAILED", RegressionGate.Markdown(report));
    }

    [Fact]
    public void Runs_of_different_suite_hashes_are_refused()
    {
        var a = Run("base", 10, _ => true, _ => 1);
        var b = Run("cand", 10, _ => true, _ => 1, suiteHash: "other-suite");
        Assert.Contains("different suites", Assert.Throws<HarnessInputException>(() => Gate.Evaluate(a, b, [], 0.05)).Message);
    }

    [Theory]
    [InlineData("functional_pass:-1")]
    [InlineData("functional_pass:x")]
    [InlineData(":0.1")]
    public void Bad_metric_thresholds_are_usage_errors(string text) =>
        Assert.Throws<HarnessInputException>(() => GateThreshold.Parse(text));

    private static double McNemarReference(int k, int n)
    {
        // 2·Σ_{i≤k} C(n,i)/2^n by direct summation for small n.
        double sum = 0, choose = 1;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0) choose = choose * (n - i + 1) / i;
            sum += choose;
        }
        return Math.Min(1, 2 * sum / Math.Pow(2, n));
    }
}
