using BenchmarkDotNet.Attributes;
using PatchBench.Execution;
using PatchBench.Execution.Sandbox;

namespace PatchBench.Benchmarks;

/// <summary>
/// Patches per second through <see cref="PdWorkerPool"/>: a batch of simple patches (a loadbang,
/// an addition, a print; 0.1 logical seconds with DSP on), run sandboxed (bubblewrap) and
/// unconfined, so the sandbox's overhead shows as the difference. One operation = one patch.
/// </summary>
[MemoryDiagnoser]
public class ExecPoolBenchmark
{
    /// <summary>Patches per batch.</summary>
    public const int BatchSize = 64;

    /// <summary>The simple patch.</summary>
    public const string SimplePatch = "#N canvas 0 0 400 300 12;\n#X obj 10 10 loadbang;\n#X msg 10 40 10;\n#X obj 10 70 + 20;\n#X obj 10 100 print " +
        "result;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n";

    /// <summary>A patch that makes sound (so the audio capture and analysis run too).</summary>
    public const string AudioPatch = "#N canvas 0 0 400 300 12;\n#X obj 10 10 osc~ 440;\n#X obj 10 40 *~ 0.1;\n#X obj 10 70 dac~;\n#X connect 0 0 1 0;\n#X " +
        "connect 1 0 2 0;\n#X connect 1 0 2 1;\n";

    private PdWorkerPool pool = null!;
    private ExecRequest[] batch = null!;

    /// <summary>bubblewrap or none.</summary>
    [Params("bubblewrap", "none")]
    public string Sandbox { get; set; } = "bubblewrap";

    /// <summary>Which patch.</summary>
    [Params("simple", "audio")]
    public string Patch { get; set; } = "simple";

    [GlobalSetup]
    public void Setup()
    {
        pool = MakePool(Sandbox, concurrency: null);
        batch = Enumerable.Range(0, BatchSize).Select(_ => new ExecRequest(Patch == "audio" ? AudioPatch : SimplePatch)).ToArray();
    }

    /// <summary>A pool with the given sandbox.</summary>
    public static PdWorkerPool MakePool(string sandbox, int? concurrency)
    {
        var pd = PdExecutor.FindPd() ?? throw new InvalidOperationException("Pd not installed");
        PdExecutor executor = sandbox == "none"
            ? new PdExecutor(new UnconfinedLauncher(), pd)
            : PdExecutor.Create();
        return new PdWorkerPool(executor, new ExecOptions(Seconds: 0.1), concurrency);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public async Task<int> RunBatch()
    {
        var results = await pool.RunAllAsync(batch);
        int ok = results.Count(r => r.Ok);
        if (ok != results.Length) throw new InvalidOperationException(
            $"{results.Length - ok} patches failed: {string.Join("; ", results.First(r => !r.Ok).Events.Select(e => e.Message))}");
        return ok;
    }
}
