using System.CommandLine;
using PatchBench.Cli.Harness;
using PatchBench.Harness.Runs;
using static PatchBench.Cli.Commands.RunCommand;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench merge SHARD…</c>: joins the shards of one plan into one run.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var shards = new Argument<string[]>("shards") { Description = "Shard run folders (all N shards of one plan)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Results folder for the merged run", DefaultValueFactory = _ => "results" };
        var command = new Command("merge", "Join the shard runs of one suite, system and plan into one run");
        command.Arguments.Add(shards);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var merged = Guard(() => RunMerger.Merge(parse.GetValue(shards)!, parse.GetValue(output)!, new RunExecutor(HarnessSetup.Scorers(), new SilentProgress())));
            RunSummaryText.Write(Console.Out, merged.Directory, merged.ReadInfo());
            return ExitCodes.Ok;
        });
        return command;
    }
}
