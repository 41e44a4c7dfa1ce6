using BenchmarkDotNet.Running;
using PatchBench.Benchmarks;

// Run with: dotnet run -c Release --project bench/PatchBench.Benchmarks -- --filter '*'
// Side by side with llama.cpp's llama-bench: ... -- llama-throughput --llama-bench PATH (docs/llamacpp.md)
if (args.Length > 0 && args[0] == "llama-throughput") return LlamaThroughputComparison.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
