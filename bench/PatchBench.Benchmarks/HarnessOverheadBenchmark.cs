using BenchmarkDotNet.Attributes;
using PatchBench.Harness.Records;
using PatchBench.Harness.Runs;
using PatchBench.Harness.Scoring;
using PatchBench.Harness.Statistics;
using PatchBench.Harness.Systems;

namespace PatchBench.Benchmarks;

/// <summary>
/// Per-sample cost of the harness itself: everything but generation and Pd. A 200-item run of the <c>reference</c>
/// system (generation is a field read) with no scorers goes through plan, channels, record building, degenerate-output
/// check, JSON, append with group-commit fsync, progress, and the final aggregation with 2000-resample bootstraps.
/// Results are per sample (OperationsPerInvoke = 200).
/// </summary>
[MemoryDiagnoser]
public class HarnessOverheadBenchmark : IDisposable
{
    private const int Items = 200;
    private BenchSuite _suite = null!;
    private RunPlan _plan = null!;
    private ISystemUnderTest _reference = null!;
    private string _root = null!;
    private int _iteration;
    private SampleRecord _record = null!;
    private SamplesWriter _writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var items = Enumerable.Range(0, Items).Select(i => new BenchItem($"item-{i:000}",
            $"Create a Pure Data patch that adds {i} and 20 when a bang is pressed.", $"cat{i % 10}", $"{i % 3}",
            $"#N canvas 0 50 440 300 12;\n#X obj 30 25 bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000;\n#X msg 30 66 {i};\n#X obj 30 " +
                $"110 + 20;\n#X obj 30 154 print sum;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n")).ToList();
        _suite = new BenchSuite("bench", "1.0.0", "bench-hash", items);
        _plan = RunPlan.Create(_suite, new RunPlanOptions());
        _reference = new SystemRegistry(BuiltInSystems.Backends).Create(SystemSpec.Parse("reference"), new SystemContext(_suite, new SuiteBenchLoader()));
        _root = Directory.CreateTempSubdirectory("patchbench-bench-").FullName;
        _record = new SampleRecord
        {
            ItemId = "item-001", SampleIndex = 0, Prompt = items[1].Prompt, Output = items[1].ReferencePatch, Patch = items[1].ReferencePatch, Scored = true,
            Scores = new() { ["lint_ok"] = 1, ["load_ok"] = 1, ["run_ok"] = 1, ["similarity"] = 0.93, ["degenerate"] = 0 },
        };
        _writer = new SamplesWriter(Path.Combine(_root, "append.jsonl"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Idempotent (fields cleared) so Dispose after GlobalCleanup, or without Setup, does nothing twice.
        _writer?.Dispose();
        _writer = null!;
        if (_root is not null && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>The same as <see cref="Cleanup"/>, for callers that construct the benchmark by hand.</summary>
    public void Dispose()
    {
        Cleanup();
        // Not sealed (BenchmarkDotNet derives from benchmark classes), so the usual pattern's call.
        GC.SuppressFinalize(this);
    }

    /// <summary>With fsync per batch of records (the default) or without (the harness's CPU cost alone).</summary>
    [Params(true, false)]
    public bool Fsync { get; set; }

    /// <summary>A whole run (fresh folder each time), per sample.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public async Task<int> RunPerSample()
    {
        var result = await new RunExecutor([], new SilentProgress(), new RunExecutorOptions(FlushToDisk: Fsync))
            .RunAsync(_plan, _reference, Path.Combine(_root, $"run{_iteration++}"), false, CancellationToken.None);
        return result.Done;
    }

    /// <summary>Serialising and appending one record without fsync.</summary>
    [Benchmark]
    public void AppendRecordNoFsync() => _writer.Append(_record, flushToDisk: false);

    /// <summary>Serialising and appending one record with its own fsync (the worst case: one sample finishes at a time).</summary>
    [Benchmark]
    public void AppendRecordWithFsync() => _writer.Append(_record, flushToDisk: true);

    /// <summary>The degenerate-output check on a reference-sized patch.</summary>
    [Benchmark]
    public bool DegenerateCheck() => DegenerateOutput.IsDegenerate(_record.Output);

    /// <summary>
    /// Process CPU time (all threads) per sample over repeated 200-item runs: unlike wall time it does not grow when
    /// other processes compete for the cores, and it leaves out time spent waiting for fsync.
    /// Run with <c>dotnet run -c Release --project bench/PatchBench.Benchmarks -- harness-cpu</c>.
    /// </summary>
    public static async Task MeasureCpuTimeAsync(TextWriter output)
    {
        foreach (var fsync in new[] { false, true })
        {
            var bench = new HarnessOverheadBenchmark { Fsync = fsync };
            bench.Setup();
            for (var i = 0; i < 5; i++) await bench.RunPerSample();   // warm-up: JIT, tiering
            const int runs = 20;
            var process = System.Diagnostics.Process.GetCurrentProcess();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) await bench.RunPerSample();
            process.Refresh();
            var cpuPerSample = (process.TotalProcessorTime - cpu).TotalMicroseconds / (runs * Items);
            var wallPerSample = wall.Elapsed.TotalMicroseconds / (runs * Items);
            output.WriteLine($"fsync={fsync}: {runs} runs × {Items} samples: CPU {cpuPerSample:0} µs/sample, wall {wallPerSample:0} µs/sample, load average " +
                $"{File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            bench.Cleanup();
        }
    }
}
