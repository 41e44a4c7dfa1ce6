using PatchBench.Harness.Records;
using System.CommandLine;
using PatchBench.Cli.Harness;
using PatchBench.Harness.Runs;
using static PatchBench.Cli.Commands.RunCommand;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench score RUN</c>: scores the samples of a <c>--generate-only</c> run (resumable like run).</summary>
public static class ScoreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var run = new Argument<string>("run") { Description = "Run folder (results/<run-id>)" };
        var suite = new Option<string?>("--suite") { Description = "Suite folder (default: the one recorded in run.json)" };
        var scoringConcurrency = new Option<int>("--scoring-concurrency") { Description = "Samples scored at once", DefaultValueFactory = _ =>
            CpuTopology.PhysicalCores() };
        var command = new Command("score", "Score the unscored samples of a run made with --generate-only");
        command.Arguments.Add(run);
        command.Options.Add(suite);
        command.Options.Add(scoringConcurrency);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = new RunFolder(parse.GetValue(run)!);
            var info = Guard(folder.ReadInfo);
            var suiteDir = parse.GetValue(suite) ?? info.Suite.Source
                ?? throw new UserInputException($"{folder.RunFile}: no suite folder recorded; give it with --suite");
            var loaded = Guard(() => HarnessSetup.SuiteLoader.Load(suiteDir));
            var result = await RunProgressDisplay.WithProgressAsync(progress =>
                GuardAsync(() => new RunExecutor(HarnessSetup.Scorers(), progress,
                    new RunExecutorOptions(ScoringConcurrency: parse.GetValue(scoringConcurrency)))
                    .ScoreAsync(folder, loaded, cancellationToken)));
            RunSummaryText.Write(Console.Out, folder.Directory, result.Info);
            return result.Errors > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
