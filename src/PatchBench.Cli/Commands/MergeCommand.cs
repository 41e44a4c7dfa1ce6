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
        var shards = new Argument<string[]>("shards")
        {
            Description = "Shard run folders (all N shards of one plan), or one folder the shards wrote into (every run in it is merged)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "Results folder for the merged run", DefaultValueFactory = _ => "results" };
        var command = new Command("merge", "Join the shard runs of one suite, system and plan into one run");
        command.Arguments.Add(shards);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var given = parse.GetValue(shards)!;
            var summariser = new RunExecutor(HarnessSetup.Scorers(), new SilentProgress());
            if (given.Length == 1 && Directory.Exists(given[0]) && !new RunFolder(given[0]).Exists)
            {
                foreach (var (folder, already) in Guard(() => RunMerger.MergeAll(given[0], parse.GetValue(output)!, summariser)))
                {
                    if (already) Console.Out.WriteLine($"{folder.Directory}: already merged (complete), kept");
                    else RunSummaryText.Write(Console.Out, folder.Directory, folder.ReadInfo());
                }
                return ExitCodes.Ok;
            }
            var merged = Guard(() => RunMerger.Merge(given, parse.GetValue(output)!, summariser));
            RunSummaryText.Write(Console.Out, merged.Directory, merged.ReadInfo());
            return ExitCodes.Ok;
        });
        return command;
    }
}
