using System.Text;
using static PatchBench.Harness.Compare.RegressionGate;

namespace PatchBench.Harness.Compare;

/// <summary>Renders a <see cref="ComparisonReport"/> as Markdown.</summary>
public static class ComparisonMarkdown
{
    /// <summary>Tables of metric differences (whole suite, then per category) and the lists of flipped samples.</summary>
    public static string Render(ComparisonReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"## {report.RunB} vs {report.RunA}").AppendLine();
        sb.AppendLine($"A = `{report.SystemA}`, B = `{report.SystemB}`; {report.PairedItems} paired items" +
                      (report.OnlyInA + report.OnlyInB > 0 ? $" ({report.OnlyInA} only in A, {report.OnlyInB} only in B, left out)" : "") +
                      $"; 95% paired bootstrap intervals, {report.BootstrapResamples} resamples, seed {report.BootstrapSeed}.").AppendLine();
        sb.AppendLine("| metric | A | B | B − A | 95% CI | p | test | pass only A / only B |");
        sb.AppendLine("| --- | ---: | ---: | ---: | --- | ---: | --- | ---: |");
        foreach (var m in report.Metrics)
            sb.AppendLine($"| {m.Name} | {F(m.MeanA)} | {F(m.MeanB)} | {Signed(m.Difference)} | [{F(m.CiLow)}, {F(m.CiHigh)}] | {P(m.PValue)} | {m.Test} | " +
                $"{(m.PassOnlyInA is null ? "" : $"{m.PassOnlyInA} / {m.PassOnlyInB}")} |");
        if (report.ByCategory.Count > 0)
        {
            var names = report.Metrics.Select(m => m.Name).ToList();
            sb.AppendLine().AppendLine("### Per category (B − A)").AppendLine();
            sb.AppendLine("| category | " + string.Join(" | ", names) + " |");
            sb.AppendLine("| --- |" + string.Concat(names.Select(_ => " ---: |")));
            foreach (var (category, metrics) in report.ByCategory)
            {
                var byName = metrics.ToDictionary(m => m.Name);
                sb.AppendLine($"| {category} | " + string.Join(" | ",
                    names.Select(n => byName.TryGetValue(n, out var m) ? Signed(m.Difference) + (m.PValue < 0.05 ? "*" : "") : "")) + " |");
            }
            sb.AppendLine().AppendLine("\\* p < 0.05");
        }
        foreach (var m in report.Metrics.Where(m => (m.FlippedToFail?.Count ?? 0) + (m.FlippedToPass?.Count ?? 0) > 0))
        {
            sb.AppendLine().AppendLine($"### Flipped on {m.Name}").AppendLine();
            if (m.FlippedToFail is { Count: > 0 }) sb.AppendLine(
                $"- pass → fail ({m.FlippedToFail.Count}): {string.Join(", ", m.FlippedToFail.Select(i => $"`{i}`"))}");
            if (m.FlippedToPass is { Count: > 0 }) sb.AppendLine(
                $"- fail → pass ({m.FlippedToPass.Count}): {string.Join(", ", m.FlippedToPass.Select(i => $"`{i}`"))}");
        }
        return sb.ToString();
    }

    private static string Signed(double x) => (x > 0 ? "+" : "") + F(x);
}
