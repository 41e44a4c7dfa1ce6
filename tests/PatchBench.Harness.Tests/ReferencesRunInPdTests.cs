using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using PatchBench.Harness.Suites;
using PatchBench.Pd.Model;

namespace PatchBench.Harness.Tests;

/// <summary>
/// Interim `suite validate` until the sandboxed executor lands: every reference of both suites is
/// opened in real Pd (headless, DSP on, one second of logical time) and must not print a single
/// error line. Print output of the reference itself is allowed; Gem's start-up chatter is
/// subtracted by running Gem once on an empty patch.
/// </summary>
[Trait("Category", "Integration")] // real Pd
public sealed partial class ReferencesRunInPdTests
{
    const string QuitPatch = "#N canvas 0 50 450 300 12;\n#X obj 10 10 loadbang;\n#X msg 10 40 \\; pd dsp 1;\n#X obj 10 70 delay 1000;\n#X msg 10 100 \\; pd " +
        "quit;\n#X connect 0 0 1 0;\n#X connect 0 0 2 0;\n#X connect 2 0 3 0;\n";

    [GeneratedRegex(@"^(bonk|fiddle|sigmund~) version [0-9.]+( \w+)?$")]
    private static partial Regex Banner();

    [Fact]
    public async Task Every_reference_runs_in_Pd_without_an_error_line()
    {
        var items = ((string[])["core", "fewshot"])
            .SelectMany(s => SuiteLoader.Load(RepoPaths.Suite(s)).Suite?.Items ?? throw new Xunit.Sdk.XunitException($"suite {s} did not load"))
            .ToList();
        var dir = Directory.CreateTempSubdirectory("pb-pd-").FullName;
        try
        {
            var quit = Path.Combine(dir, "quit.pd");
            await File.WriteAllTextAsync(quit, QuitPatch);
            var gemBaseline = (await RunPd(["-lib", "Gem", "-open", quit])).ToHashSet();
            Assert.False(gemBaseline.Any(l => l.Contains("Gem: can't load library")),
                "Gem is not installed (Debian package 'gem'); scripts/setup.sh installs it");
            var failures = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (item, _) =>
            {
                bool gem = item.Requires.Contains("Gem");
                var refPath = Path.Combine(Path.GetDirectoryName(item.ItemPath)!, item.ReferenceFile);
                string[] args = gem ? ["-lib", "Gem", "-open", refPath, "-open", quit] : ["-open", refPath, "-open", quit];
                var labels = PrintLabels(item.Reference);
                foreach (var line in await RunPd(args))
                {
                    if (string.IsNullOrWhiteSpace(line) || Banner().IsMatch(line)) continue;
                    if (gem && gemBaseline.Contains(line)) continue;
                    var colon = line.IndexOf(": ", StringComparison.Ordinal);
                    if (colon > 0 && labels.Contains(line[..colon])) continue;
                    failures.Add($"{item.Id}: {line}");
                }
            });
            Assert.True(failures.IsEmpty, $"{failures.Count} error lines:\n" + string.Join("\n", failures.Order().Take(60)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task The_error_filter_catches_a_broken_patch()
    {
        // Guards the test above against passing vacuously: a bad object and a bad connection must show.
        var dir = Directory.CreateTempSubdirectory("pb-pd-").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.pd");
            await File.WriteAllTextAsync(bad, "#N canvas 0 50 450 300 12;\n#X obj 10 10 no-such-object;\n#X obj 10 40 print x;\n#X connect 1 0 0 0;\n");
            var quit = Path.Combine(dir, "quit.pd");
            await File.WriteAllTextAsync(quit, QuitPatch);
            var lines = await RunPd(["-open", bad, "-open", quit]);
            Assert.Contains(lines, l => l.Contains("couldn't create"));
            Assert.Contains(lines, l => l.Contains("connection failed"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    static HashSet<string> PrintLabels(PdPatch patch) =>
        patch.Canvases.SelectMany(c => c.Boxes)
            .Where(b => b.Kind == PdBoxKind.Object && b.ClassName == "print")
            .Select(b => b.Arguments.Count > 0 ? b.Arguments[0].Value : "print")
            .ToHashSet();

    static async Task<List<string>> RunPd(string[] args)
    {
        var psi = new ProcessStartInfo("pd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in ((string[])["-nogui", "-nosound", "-nomidi", "-noprefs", "-batch", "-stderr"]).Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (await output + "\n" + await err).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
    }
}
