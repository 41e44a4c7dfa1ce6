using System.Diagnostics;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;
using PatchBench.Pd.Tests.Corpus;
using PatchBench.Pd.Tests.Mutations;
using PatchBench.Pd.Tests.Oracle;
using Xunit.Abstractions;

namespace PatchBench.Pd.Tests.Lint;

/// <summary>
/// Acceptance (b): on 2,000 seeded mutations of Debian's patches, the linter's error/no-error verdict
/// matches what real headless Pd reports (see <see cref="PdOracle"/> for how Pd's verdict is read) for at
/// least 99% of them. Every disagreement is listed in the test output.
/// </summary>
[Collection(PdAgreementCollection.Name)]
[Trait("Category", "Integration")] // runs real Pd on mutated patches
public class PdAgreementTests(ITestOutputHelper output)
{
    private const int PatchCount = 2000;
    private const int Seed = 20260101;

    [Fact]
    public void Linter_agrees_with_pd_on_mutated_debian_patches()
    {
        Assert.True(DebianCorpus.Files.Count >= 300, $"expected the Debian Pd corpus, found {DebianCorpus.Files.Count} files");
        var clock = Stopwatch.StartNew();
        // A symlink mirror of the corpus, so each mutant sits next to the abstractions its original uses.
        string mirror = Directory.CreateTempSubdirectory("patchbench-agreement-").FullName;
        try
        {
            var sources = new List<(string Original, string MirrorDir)>();
            foreach (var root in DebianCorpus.Roots.Where(Directory.Exists))
            {
                string target = Path.Combine(mirror, root.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                RunCp(root, target);
                sources.AddRange(DebianCorpus.Files.Where(f => f.StartsWith(root + "/", StringComparison.Ordinal) && !DebianCorpus.NeedsMissingExternals(f))
                    .Select(f => (f, Path.GetDirectoryName(Path.Combine(target, Path.GetRelativePath(root, f)))!)));
            }
            var texts = sources.Select(s => File.ReadAllText(s.Original)).ToArray();

            var random = new Random(Seed);
            var cases = new List<(string Path, string Original, MutatedPatch Mutant)>();
            for (int i = 0; i < PatchCount; i++)
            {
                int pick = random.Next(sources.Count);
                var mutant = PatchMutator.Mutate(texts[pick], new Random(random.Next()));
                string path = Path.Combine(sources[pick].MirrorDir, $"zz-mutant-{i:D4}.pd");
                File.WriteAllText(path, mutant.Text);
                cases.Add((path, sources[pick].Original, mutant));
            }
            var prepared = clock.Elapsed;

            var verdicts = PdOracle.JudgeAll(cases.Select(c => c.Path).ToArray(), parallelism: 2);
            var pdTime = clock.Elapsed - prepared;

            var linter = new PdLinter(ObjectCatalog.Vanilla, new DiskAbstractions());
            var lintClock = Stopwatch.StartNew();
            var lintErrors = cases.Select(c => linter.Lint(c.Mutant.Text, c.Path).Where(d => d.Severity == PdSeverity.Error).ToList()).ToArray();
            var lintTime = lintClock.Elapsed;

            int compared = 0, agree = 0, pdFailed = 0, timedOut = 0;
            var disagreements = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                var v = verdicts[i];
                if (v.TimedOut) { timedOut++; output.WriteLine($"left out (Pd did not exit): {cases[i].Original} ({cases[i].Mutant.Description})"); continue; }
                compared++;
                if (v.Failed) pdFailed++;
                bool lintFailed = lintErrors[i].Count > 0;
                if (lintFailed == v.Failed) { agree++; continue; }
                disagreements.Add(
                    $"#{i} {cases[i].Original} — {cases[i].Mutant.Description}\n" +
                    $"    Pd: {(v.Failed ? string.Join(" | ", v.FailureLines.Take(3)) : "no failure")}\n" +
                    $"    lint: {(lintFailed ? string.Join(" | ", lintErrors[i].Take(3).Select(d => $"{d.Line}:{d.Code} {d.Message}")) : "no error")}");
            }
            double rate = compared == 0 ? 0 : (double)agree / compared;
            output.WriteLine($"{compared} mutated patches compared ({pdFailed} failed in Pd, {timedOut} left out), agreement {rate:P2}; " +
                             $"prepare {prepared.TotalSeconds:F1} s, Pd {pdTime.TotalSeconds:F1} s, lint {lintTime.TotalMilliseconds:F0} ms");
            foreach (var kind in Enumerable.Range(0, cases.Count).Where(i => !verdicts[i].TimedOut).GroupBy(i => cases[i].Mutant.Kind)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
                output.WriteLine($"  {kind.Key}: {kind.Count()} patches, {kind.Count(i => verdicts[i].Failed)} failed in Pd, " +
                                 $"{kind.Count(i => verdicts[i].Failed == lintErrors[i].Count > 0)} agree");
            output.WriteLine($"{disagreements.Count} disagreements:");
            foreach (var d in disagreements) output.WriteLine(d);

            Assert.True(compared >= PatchCount * 0.98, $"only {compared} of {PatchCount} patches could be compared");
            // Both verdicts must be well represented, or agreement would say little.
            Assert.True(pdFailed >= compared / 5 && pdFailed <= compared * 17 / 20,
                $"the mutations should make Pd fail on a good share of patches, not {pdFailed} of {compared}");
            Assert.True(rate >= 0.99, $"agreement {rate:P2} < 99%; {disagreements.Count} disagreements:\n" + string.Join("\n", disagreements));
        }
        finally
        {
            Directory.Delete(mirror, recursive: true);
        }
    }

    private static void RunCp(string from, string to)
    {
        var psi = new ProcessStartInfo("cp", ["-rs", from, to]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"cp -rs {from} {to} failed: {err}");
    }
}

/// <summary>Runs the agreement test alone, after the parallel tests, so its 2,000 Pd runs do not compete with other Pd-running tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PdAgreementCollection
{
    public const string Name = "Pd agreement";
}
