using System.CommandLine;
using PatchBench.Harness.Compare;
using PatchBench.Harness.Records;
using static PatchBench.Cli.Commands.RunCommand;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench compare RUN_A RUN_B</c>: paired comparison, Markdown or JSON.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var runA = new Argument<string>("run-a") { Description = "Baseline run folder" };
        var runB = new Argument<string>("run-b") { Description = "Candidate run folder" };
        var format = new Option<string>("--format") { Description = "md or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var output = new Option<string?>("--out") { Description = "Write the report to this file instead of stdout" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples", DefaultValueFactory = _ =>
            PatchBench.Harness.Statistics.Bootstrap.DefaultResamples };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 0 };
        var command = new Command("compare", "Paired comparison of two runs of the same suite: differences, intervals, McNemar, flipped items");
        command.Arguments.Add(runA);
        command.Arguments.Add(runB);
        foreach (var o in new Option[] { format, output, resamples, seed }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var a = Guard(() => RunData.Load(parse.GetValue(runA)!));
            var b = Guard(() => RunData.Load(parse.GetValue(runB)!));
            foreach (var run in new[] { a, b }) WarnIfUnfinished(run);
            var report = Guard(() => new RunComparer(parse.GetValue(resamples), parse.GetValue(seed)).Compare(a, b));
            var text = parse.GetValue(format) == "json"
                ? HarnessJsonContext.Indented(report, HarnessJsonContext.Default.ComparisonReport)
                : ComparisonMarkdown.Render(report);
            if (parse.GetValue(output) is { } path) File.WriteAllText(path, text);
            else Console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Comparing a run that is still going (or was interrupted) is allowed, but never silently.</summary>
    internal static void WarnIfUnfinished(RunData run)
    {
        if (run.Info.Status != "complete")
            Console.Error.WriteLine($"patchbench: warning: run '{run.Info.RunId}' is {run.Info.Status}; only its scored samples are compared");
    }
}
