using BenchmarkDotNet.Running;
using PatchBench.Benchmarks;

// Run with: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*'
// On a loaded machine add --inProcess (BenchmarkDotNet's build of its boilerplate can time out).
// Side by side with llama.cpp's llama-bench: ... -- llama-throughput --llama-bench PATH (docs/llamacpp.md)
if (args.Length > 0 && args[0] == "llama-throughput") return LlamaThroughputComparison.Run(args[1..]);

// Per-operation CPU time of the similarity benchmark: ... -- cpu-time
if (args is ["cpu-time", ..])
{
    CpuTimeProbe.Run(TimeSpan.FromSeconds(5));
    return 0;
}

// CPU time of the harness per sample (everything but generation and Pd): ... -- harness-cpu
if (args is ["harness-cpu"])
{
    await HarnessOverheadBenchmark.MeasureCpuTimeAsync(Console.Out);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
