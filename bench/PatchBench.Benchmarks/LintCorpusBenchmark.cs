using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;

namespace PatchBench.Benchmarks;

/// <summary>
/// Parse and lint of every patch Debian's puredata-doc and puredata-core ship (~374 files), read into
/// memory first; abstractions are served from memory too, so the figure is CPU only.
/// Besides BenchmarkDotNet's wall-clock figures it prints the process CPU time per operation (all threads,
/// GC included), which stays meaningful when other jobs share the machine.
/// Run: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*LintCorpus*'
/// (add --inProcess on a busy machine, where building the benchmark's own project may time out). A shorter,
/// per-stage CPU and allocation probe without BenchmarkDotNet: ... -- lint-cpu (see LintCpuProbe).
/// </summary>
[MemoryDiagnoser]
public class LintCorpusBenchmark
{
    private static readonly string[] Roots = ["/usr/share/puredata/doc", "/usr/lib/puredata/extra"];
    private (string Path, byte[] Bytes)[] _files = [];

    /// <summary>The corpus as read by <see cref="Setup"/>.</summary>
    public (string Path, byte[] Bytes)[] Files => _files;
    private MemoryResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _files = Roots.Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateFiles(r, "*.pd", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal).Select(p => (p, File.ReadAllBytes(p))).ToArray();
        if (_files.Length == 0) throw new InvalidOperationException("the Debian Pd corpus is not installed (puredata-doc)");
        _resolver = new MemoryResolver(_files.ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetString(f.Bytes)));
        _ = ObjectCatalog.Vanilla.CanonicalName("f"); // load the embedded catalog outside the measurement
    }

    // Read around the work itself, inside the benchmark method: BenchmarkDotNet's forced full GC between
    // iterations runs after [IterationSetup], so a clock started there would count it too.
    private readonly Process _process = Process.GetCurrentProcess();
    private readonly List<double> _cpuMs = [];

    private TimeSpan CpuNow()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    [GlobalCleanup]
    public void ReportCpu()
    {
        // The later half of the operations runs fully jitted code; earlier ones include warm-up.
        var settled = _cpuMs.Skip(_cpuMs.Count / 2).Order().ToArray();
        if (settled.Length > 0)
            Console.WriteLine($"// CPU time per operation ({_files.Length} files): median {settled[settled.Length / 2]:F1} ms, " +
                              $"min {settled[0]:F1} ms over the last {settled.Length} of {_cpuMs.Count} operations");
        _cpuMs.Clear();
    }

    /// <summary>Parse only, for reference.</summary>
    [Benchmark]
    public int ParseCorpus()
    {
        var cpu = CpuNow();
        int boxes = 0;
        foreach (var (_, bytes) in _files) boxes += PdParser.Parse(bytes).Root.Boxes.Count;
        _cpuMs.Add((CpuNow() - cpu).TotalMilliseconds);
        return boxes;
    }

    /// <summary>Parse and lint every file with a fresh linter (its abstraction cache starts empty).</summary>
    [Benchmark]
    public int ParseAndLintCorpus()
    {
        var cpu = CpuNow();
        var linter = new PdLinter(ObjectCatalog.Vanilla, _resolver);
        int findings = 0;
        foreach (var (path, bytes) in _files) findings += linter.Lint(bytes, path).Count;
        _cpuMs.Add((CpuNow() - cpu).TotalMilliseconds);
        return findings;
    }

    private sealed class MemoryResolver(Dictionary<string, string> files) : IAbstractionResolver
    {
        public IReadOnlyList<string> StandardPaths { get; } = ["/usr/lib/puredata/extra"];
        public string? ReadPatch(string path) => files.GetValueOrDefault(path);
        public bool HasExternal(string directory, string name) => false;
    }
}
