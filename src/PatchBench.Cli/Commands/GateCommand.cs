using System.CommandLine;
using PatchBench.Harness.Compare;
using PatchBench.Harness.Records;
using static PatchBench.Cli.Commands.RunCommand;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench gate</c>: the CI regression gate (exit 1 only for a significant drop beyond the allowance).</summary>
public static class GateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var baseline = new Option<string>("--baseline") { Description = "Baseline run folder", Required = true };
        var candidate = new Option<string>("--candidate") { Description = "Candidate run folder", Required = true };
        var metrics = new Option<string[]>("--metric") { Description =
            "name:max_drop, e.g. functional_pass:0.02 (repeatable; default: every metric of both runs, max drop 0)" };
        var alpha = new Option<double>("--alpha") { Description = "Significance level", DefaultValueFactory = _ => 0.05 };
        var summary = new Option<string?>("--summary") { Description = "Write the Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)" };
        var junit = new Option<string?>("--junit") { Description = "Write JUnit XML here (one test case per metric)" };
        var json = new Option<string?>("--json") { Description = "Write the gate report as JSON here" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples", DefaultValueFactory = _ =>
            PatchBench.Harness.Statistics.Bootstrap.DefaultResamples };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 0 };
        var command = new Command("gate", "Fail (exit 1) when the candidate is significantly worse than the baseline by more than allowed");
        foreach (var o in new Option[] { baseline, candidate, metrics, alpha, summary, junit, json, resamples, seed }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var thresholds = (parse.GetValue(metrics) ?? []).Select(m => Guard(() => GateThreshold.Parse(m))).ToList();
            var a = Guard(() => RunData.Load(parse.GetValue(baseline)!));
            var b = Guard(() => RunData.Load(parse.GetValue(candidate)!));
            foreach (var run in new[] { a, b }) CompareCommand.WarnIfUnfinished(run);
            var gate = new RegressionGate(new RunComparer(parse.GetValue(resamples), parse.GetValue(seed)));
            var report = Guard(() => gate.Evaluate(a, b, thresholds, parse.GetValue(alpha)));
            var markdown = RegressionGate.Markdown(report);
            Console.Out.Write(markdown);
            if (parse.GetValue(summary) is { } s) File.AppendAllText(s, markdown);
            if (parse.GetValue(junit) is { } j) File.WriteAllText(j, RegressionGate.JUnit(report));
            if (parse.GetValue(json) is { } p) File.WriteAllText(p, HarnessJsonContext.Indented(report, HarnessJsonContext.Default.GateReport));
            return report.Passed ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
