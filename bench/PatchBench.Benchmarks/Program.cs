using System.Diagnostics;
using BenchmarkDotNet.Running;
using PatchBench.Benchmarks;
using PatchBench.Execution;

// Run with: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*'
// On a loaded machine add --inProcess (BenchmarkDotNet's build of its boilerplate can time out).
// Side by side with llama.cpp's llama-bench: bench/throughput-vs-llama-bench.sh (whole processes, alternating rounds; docs/llamacpp.md)
// The benchmark model (134M parameters, our GGUF writer; q8_0 quantized by llama.cpp): ... -- bench-model [f16|q8_0] prints its path
if (args is ["bench-model", ..])
{
    Console.WriteLine(args.Length > 1 && args[1] == "f16" ? BenchModel.EnsureWritten() : BenchModel.EnsureQ8Written());
    return 0;
}

// openai: against a served model at concurrency 1, 4, 16: ... -- openai-throughput --url http://127.0.0.1:8080/v1#model (docs/scale.md)
if (args.Length > 0 && args[0] == "openai-throughput") return await OpenAiThroughputBenchmark.RunAsync(args[1..]);

// llama.cpp and ONNX Runtime on the same weights and threads, side by side: ... -- onnx-throughput [threads] [reps] (docs/onnx.md)
if (args.Length > 0 && args[0] == "onnx-throughput") return OnnxThroughputBenchmark.RunSideBySide(args[1..]);

// Per-operation CPU time of the similarity benchmark: ... -- cpu-time
if (args is ["cpu-time", ..])
{
    CpuTimeProbe.Run(TimeSpan.FromSeconds(5));
    return 0;
}

// Per-stage CPU time and allocation of parsing and linting the Debian corpus: ... -- lint-cpu [seconds] [stage] [ops]
if (args is ["lint-cpu", ..])
{
    LintCpuProbe.Run(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 6), args.Length > 2
        ? args[2] : null,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return 0;
}

// CPU time of the harness per sample (everything but generation and Pd): ... -- harness-cpu
if (args is ["harness-cpu"])
{
    await HarnessOverheadBenchmark.MeasureCpuTimeAsync(Console.Out);
    return 0;
}

// Quick figure without BenchmarkDotNet: ... -- --quick-exec [patches] [concurrency]
if (args.Length > 0 && args[0] == "--quick-exec")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 200;
    int? conc = args.Length > 2 ? int.Parse(args[2]) : null;
    foreach (var sandbox in new[] { "bubblewrap", "none" })
        foreach (var (name, text) in new[] { ("simple", ExecPoolBenchmark.SimplePatch), ("audio", ExecPoolBenchmark.AudioPatch) })
        {
            var pool = ExecPoolBenchmark.MakePool(sandbox, conc);
            await pool.RunAllAsync(Enumerable.Range(0, 8).Select(_ => new ExecRequest(text))); // warm-up
            var sw = Stopwatch.StartNew();
            var results = await pool.RunAllAsync(Enumerable.Range(0, n).Select(_ => new ExecRequest(text)));
            sw.Stop();
            var pd = results.Select(r => r.Duration.TotalMilliseconds).Order().ToArray();
            Console.WriteLine($"{sandbox,-10} {name,-6} workers={pool.Concurrency} patches={n} ok={results.Count(r => r.Ok)} " +
                $"{n / sw.Elapsed.TotalSeconds:0.0} patches/s, pd process median {pd[pd.Length / 2]:0.0} ms p90 {pd[pd.Length * 9 / 10]:0.0} ms");
        }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
