using System.CommandLine;
using PatchBench.Execution.CatalogProbe;
using PatchBench.Harness.Suites;
using PatchBench.Pd.Catalog;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench catalog probe</c>: builds the vanilla object catalog by asking real Pd.</summary>
public static class CatalogCommand
{
    /// <summary>Builds the <c>catalog</c> command and its <c>probe</c> sub-command.</summary>
    public static Command Build()
    {
        var catalog = new Command("catalog", "The object catalog: which Pd classes exist and their inlets/outlets.");
        var probe = new Command("probe", "Ask headless Pd about every vanilla class (counts and signal-ness of inlets/outlets for varied arguments), fit the " +
            "rules and write the catalog JSON.");
        var output = new Option<string>("--out") { Description = "Where to write the catalog JSON.", DefaultValueFactory = _ => "catalog/vanilla-0.53.json" };
        var pd = new Option<string>("--pd") { Description = "The Pd executable.", DefaultValueFactory = _ => "pd" };
        var extra = new Option<string>("--extra") { Description = "Pd's extra folder (tells externals and abstractions from built-in classes).",
            DefaultValueFactory = _ => "/usr/lib/puredata/extra" };
        var evidence = new Option<string>("--evidence") { Description =
            "Where to write the probe transcript (one line per box: what Pd printed and what was concluded).", DefaultValueFactory = _ =>
            "catalog/vanilla-0.53.probe.txt" };
        probe.Options.Add(output);
        probe.Options.Add(evidence);
        probe.Options.Add(pd);
        probe.Options.Add(extra);
        var profileOpt = new Option<string>("--profile")
        {
            Description = "Profile of catalog/profiles.json to probe: vanilla, or a library profile (gem, cyclone) probed with the library loaded.",
            DefaultValueFactory = _ => "vanilla",
        };
        probe.Options.Add(profileOpt);
        var caseTimeout = new Option<double>("--case-timeout")
        {
            Description = "Seconds Pd may take over one probed box; a box that takes longer has its Pd killed and is recorded as unprobed (the probe goes on " +
                "in a new Pd).",
            DefaultValueFactory = _ => 30,
        };
        probe.Options.Add(caseTimeout);
        probe.SetAction(async (parse, cancel) =>
        {
            var profile = PdProfiles.Find(parse.GetValue(profileOpt)!)
                ?? throw new UserInputException($"unknown profile '{parse.GetValue(profileOpt)}'; catalog/profiles.json has: " +
                    $"{string.Join(", ", PdProfiles.All.Select(p => p.Name))}");
            var runner = new PdBatchRunner(parse.GetValue(pd)!) { Arguments = profile.PdArguments };
            string version;
            try { version = await runner.VersionAsync(cancel); }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                throw new UserInputException($"cannot run Pd '{runner.PdPath}': {ex.Message}");
            }
            IReadOnlyList<ProbeCase> cases;
            if (profile.LibraryFolder is null) cases = ProbePlan.AllCases();
            else if (!Directory.Exists(profile.LibraryFolder))
                throw new UserInputException($"{profile.LibraryFolder}: no such folder; install the Debian package(s) " +
                    $"{string.Join(" ", profile.DebianPackages)}");
            else cases = ProbePlan.LibraryCases(ProbePlan.LibraryNames(profile.LibraryFolder, ObjectCatalog.Vanilla.Names.ToHashSet()));
            var started = System.Diagnostics.Stopwatch.StartNew();
            // Library classes have more ports than vanilla's (Gem's [tube] has over ten inlets): try more indices there.
            var observations = await new PortProbe(runner) { ExtraPorts = profile.LibraryFolder is null ? 10 : 40,
                CaseTimeout = TimeSpan.FromSeconds(parse.GetValue(caseTimeout)) }.ProbeAsync(cases, cancel);
            var elapsed = started.Elapsed;
            var result = profile.LibraryFolder is null
                ? CatalogFitter.Fit(observations, parse.GetValue(extra)!, version)
                : CatalogFitter.Fit(observations, profile.LibraryFolder, version, profile.Name, "vanilla");
            var path = parse.GetResult(output) is not { Implicit: false } && profile.LibraryFolder is not null ? $"catalog/{profile.Name}.json"
                : parse.GetValue(output)!;
            var evidencePath = parse.GetResult(evidence) is not { Implicit: false } && profile.LibraryFolder is not null ? $"catalog/{profile.Name}.probe.txt"
                : parse.GetValue(evidence)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, CatalogJson.Write(result.Profile));
            File.WriteAllLines(evidencePath, observations.Select(ProbeTranscript.Line));
            Console.WriteLine($"probed {cases.Count} boxes in Pd {version} in {elapsed.TotalSeconds:F1} s: {result.Profile.Classes.Count} classes, " +
                $"{result.Profile.Classes.Sum(c => c.Aliases.Count)} aliases -> {path}");
            if (result.Absent.Count > 0) Console.WriteLine($"not in this Pd: {string.Join(" ", result.Absent)}");
            if (result.UnmodeledFailures.Count > 0)
                Console.WriteLine($"{result.UnmodeledFailures.Count} boxes Pd refused for their argument types (not modelled): " +
                    $"{string.Join(", ", result.UnmodeledFailures.Select(b => $"[{b}]"))}");
            if (result.Unprobed.Count > 0)
                Console.WriteLine($"{result.Unprobed.Count} boxes unprobed (Pd hung or exited; see the transcript): {string.Join(", ", result.Unprobed)}");
            if (result.UnprobedClasses.Count > 0)
                Console.WriteLine($"classes with no probed box, left out of the catalog: {string.Join(" ", result.UnprobedClasses)}");
            foreach (var p in result.Problems) Console.WriteLine($"problem: {p}");
            return result.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        catalog.Subcommands.Add(probe);
        return catalog;
    }
}
