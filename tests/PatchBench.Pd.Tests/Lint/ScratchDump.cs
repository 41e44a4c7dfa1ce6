using PatchBench.Pd.Tests.Corpus;
using PatchBench.Pd.Tests.Mutations;
using PatchBench.Pd.Tests.Oracle;
namespace PatchBench.Pd.Tests.Lint;
public class ScratchDump
{
    [Fact]
    public void Dump()
    {
        string mirror = "/tmp/lintx/mirror";
        if (Directory.Exists(mirror)) Directory.Delete(mirror, true);
        Directory.CreateDirectory(mirror + "/usr/share/puredata"); Directory.CreateDirectory(mirror + "/usr/lib/puredata");
        System.Diagnostics.Process.Start("cp", ["-rs", "/usr/share/puredata/doc", mirror + "/usr/share/puredata/doc"])!.WaitForExit();
        System.Diagnostics.Process.Start("cp", ["-rs", "/usr/lib/puredata/extra", mirror + "/usr/lib/puredata/extra"])!.WaitForExit();
        var files = DebianCorpus.Files.Where(f => !DebianCorpus.NeedsMissingExternals(f)).ToArray();
        var random = new Random(20260101);
        var lines = new List<string>();
        var paths = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            int pick = random.Next(files.Length);
            var m = PatchMutator.Mutate(File.ReadAllText(files[pick]), new Random(random.Next()));
            string p = Path.Combine(Path.GetDirectoryName(mirror + files[pick])!, $"zz-mutant-{i:D4}.pd");
            File.WriteAllText(p, m.Text);
            File.WriteAllText(p + ".desc", files[pick] + " " + m.Description);
            paths.Add(p);
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var v = PdOracle.JudgeAll(paths, 2);
        for (int i = 0; i < paths.Count; i++) File.WriteAllText(paths[i] + ".err", (v[i].Failed ? "FAILED\n" : "OK\n") + (v[i].TimedOut ? "TIMEOUT\n" : "") + v[i].Stderr);
        File.WriteAllText("/tmp/lintx/pdtime.txt", sw.Elapsed.ToString());
    }
}
