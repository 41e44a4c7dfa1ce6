using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PatchBench.Site;

namespace PatchBench.Cli.Commands;

/// <summary><c>patchbench site --results DIR --out DIR</c>: builds the static leaderboard (Markdown + HTML + SVG) from run folders.</summary>
public static class SiteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var results = new Option<string>("--results") { Description = "Results folder (one subfolder per run; throughput/*.json for throughput profiles)",
            DefaultValueFactory = _ => "results" };
        var output = new Option<string>("--out") { Description = "Site folder to write (an empty folder or an earlier site)", DefaultValueFactory = _ =>
            "site" };
        var command = new Command("site", "Build the static leaderboard site (Markdown and HTML pages, SVG charts and drawings); exit 0 built (warnings go " +
            "to stderr), 2 no usable run");
        command.Options.Add(results);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var resultsDir = parse.GetValue(results)!;
            var outDir = parse.GetValue(output)!;
            if (!Directory.Exists(resultsDir)) throw new UserInputException($"{resultsDir}: no such results folder (run 'patchbench run' first)");
            var clock = Stopwatch.StartNew();
            SiteBuildResult result;
            try { result = SiteBuilder.Build(resultsDir, outDir); }
            catch (IOException ex) { throw new UserInputException(ex.Message); }
            catch (UnauthorizedAccessException ex) { throw new UserInputException(ex.Message); }
            foreach (var w in result.Warnings) Console.Error.WriteLine($"patchbench: warning: {w}");
            if (result.Runs == 0)
            {
                Console.Error.WriteLine($"patchbench: {resultsDir}: no usable run (a run is a folder with a readable run.json of format_version 1)");
                return ExitCodes.Usage;
            }
            var index = Path.GetFullPath(Path.Combine(outDir, "index.html"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"site: {result.Runs} runs, {result.Pages} pages, {result.Files} files in {clock.Elapsed.TotalSeconds:0.0} " +
                    $"s{(result.Warnings.Count > 0 ? $", {result.Warnings.Count} warning(s)" : "")} → {outDir}"));
            Console.Out.WriteLine("file://" + index);
            return ExitCodes.Ok;
        });
        return command;
    }
}
