using BenchmarkDotNet.Running;
using PatchBench.Benchmarks;

// Run with: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*'
// On a loaded machine add --inProcess (BenchmarkDotNet's build of its boilerplate can time out),
// and see `-- cpu-time` (CpuTimeProbe) for per-operation CPU time of the similarity benchmark.
if (args is ["cpu-time", ..])
{
    CpuTimeProbe.Run(TimeSpan.FromSeconds(5));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
