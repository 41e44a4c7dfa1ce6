using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*'
if (args is ["harness-cpu"])
{
    await PatchBench.Benchmarks.HarnessOverheadBenchmark.MeasureCpuTimeAsync(Console.Out);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
