using System.CommandLine;
using PatchBench.Execution.CatalogProbe;
using PatchBench.Pd.Catalog;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench catalog probe</c>: builds the vanilla object catalog by asking real Pd.</summary>
public static class CatalogCommand
{
    /// <summary>Builds the <c>catalog</c> command and its <c>probe</c> sub-command.</summary>
    public static Command Build()
    {
        var catalog = new Command("catalog", "The object catalog: which Pd classes exist and their inlets/outlets.");
        var probe = new Command("probe", "Ask headless Pd about every vanilla class (counts and signal-ness of inlets/outlets for varied arguments), fit the rules and write the catalog JSON.");
        var output = new Option<string>("--out") { Description = "Where to write the catalog JSON.", DefaultValueFactory = _ => "catalog/vanilla-0.53.json" };
        var pd = new Option<string>("--pd") { Description = "The Pd executable.", DefaultValueFactory = _ => "pd" };
        var extra = new Option<string>("--extra") { Description = "Pd's extra folder (tells externals and abstractions from built-in classes).", DefaultValueFactory = _ => "/usr/lib/puredata/extra" };
        var evidence = new Option<string>("--evidence") { Description = "Where to write the probe transcript (one line per box: what Pd printed and what was concluded).", DefaultValueFactory = _ => "catalog/vanilla-0.53.probe.txt" };
        probe.Options.Add(output);
        probe.Options.Add(evidence);
        probe.Options.Add(pd);
        probe.Options.Add(extra);
        probe.SetAction(async (parse, cancel) =>
        {
            var runner = new PdBatchRunner(parse.GetValue(pd)!);
            string version;
            try { version = await runner.VersionAsync(cancel); }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                throw new UserInputException($"cannot run Pd '{runner.PdPath}': {ex.Message}");
            }
            var cases = ProbePlan.AllCases();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var observations = await new PortProbe(runner).ProbeAsync(cases, cancel);
            var elapsed = started.Elapsed;
            var result = CatalogFitter.Fit(observations, parse.GetValue(extra)!, version);
            var path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, CatalogJson.Write(result.Profile));
            File.WriteAllLines(parse.GetValue(evidence)!, observations.Select(ProbeTranscript.Line));
            Console.WriteLine($"probed {cases.Count} boxes in Pd {version} in {elapsed.TotalSeconds:F1} s: {result.Profile.Classes.Count} classes, {result.Profile.Classes.Sum(c => c.Aliases.Count)} aliases -> {path}");
            if (result.Absent.Count > 0) Console.WriteLine($"not in this Pd: {string.Join(" ", result.Absent)}");
            if (result.UnmodeledFailures.Count > 0)
                Console.WriteLine($"{result.UnmodeledFailures.Count} boxes Pd refused for their argument types (not modelled): {string.Join(", ", result.UnmodeledFailures.Select(b => $"[{b}]"))}");
            foreach (var p in result.Problems) Console.WriteLine($"problem: {p}");
            return result.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        catalog.Subcommands.Add(probe);
        return catalog;
    }
}
