using System.Diagnostics;
using PatchBench.Pd;
using PatchBench.Pd.Catalog;
using PatchBench.Pd.Lint;
using PatchBench.Harness.Records;
using PatchBench.Pd.Syntax;

namespace PatchBench.Benchmarks;

/// <summary>
/// Per-operation process CPU time and allocation of each stage of parsing and linting the Debian corpus
/// (the same files as <see cref="LintCorpusBenchmark"/>), without BenchmarkDotNet's harness: after a warm-up
/// long enough for tiered JIT, each stage runs repeatedly and the median and minimum CPU per operation are
/// printed with the load average, so figures taken on the shared machine can be judged.
/// Run: <c>dotnet run -c Release --project bench/PatchBench.Benchmarks -- lint-cpu [seconds per stage] [tokenize|parse|parse+lint] [ops]</c>.
/// With a number of operations it runs exactly 30 warm-up operations and then that many, whatever the time, so
/// that <c>perf stat -e instructions:u</c> over two counts gives the instructions per operation, which the load
/// of a shared machine does not change.
/// </summary>
public static class LintCpuProbe
{
    public static void Run(TimeSpan perStage, string? only = null, int fixedOps = 0)
    {
        var bench = new LintCorpusBenchmark();
        bench.Setup();
        var texts = bench.Files.Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).ToArray();
        long inputBytes = bench.Files.Sum(f => (long)f.Bytes.Length);
        Console.WriteLine($"{bench.Files.Length} files, {inputBytes / 1e6:F2} MB; load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; " +
                          $"{CpuTopology.PhysicalCores()} physical / {CpuTopology.LogicalCores} logical cores; " +
                          $"server GC {System.Runtime.GCSettings.IsServerGC}");
        foreach (var (name, op) in new (string, Func<int>)[]
                 {
                     ("tokenize", () => { int n = 0; foreach (var t in texts) n += PdRecordReader.Read(t).Count; return n; }),
                     ("parse", bench.ParseCorpus),
                     ("parse+lint", bench.ParseAndLintCorpus),
                 })
        {
            if (only is not null && only != name) continue;
            var warm = Stopwatch.StartNew();
            if (fixedOps > 0) for (int k = 0; k < 30; k++) op();
            else while (warm.Elapsed < perStage / 2) op();
            var cpuMs = new List<double>();
            long allocated = 0;
            var process = Process.GetCurrentProcess();
            var wall = Stopwatch.StartNew();
            while (fixedOps > 0 ? cpuMs.Count < fixedOps : wall.Elapsed < perStage || cpuMs.Count < 5)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                op();
                allocated = GC.GetAllocatedBytesForCurrentThread() - a0;
                process.Refresh();
                cpuMs.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
            cpuMs.Sort();
            Console.WriteLine($"{name,-11} cpu median {cpuMs[cpuMs.Count / 2],6:F1} ms  min {cpuMs[0],6:F1} ms  ({cpuMs.Count} ops)  " +
                              $"allocated {allocated / 1e6:F1} MB/op  load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    }
}
