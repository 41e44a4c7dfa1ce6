using System.Diagnostics;
using PatchBench.Harness.Records;

namespace PatchBench.Benchmarks;

/// <summary>
/// Per-operation process CPU time of <see cref="SimilarityBenchmark"/>'s methods. On a shared,
/// oversubscribed machine BenchmarkDotNet's wall-clock means include time spent waiting for a
/// core; CPU time does not, so it approximates the cost on an idle core. (It includes the
/// runtime's own threads, such as the GC, so it errs high.)
/// Run: <c>dotnet run -c Release --project bench/PatchBench.Benchmarks -- cpu-time</c>.
/// </summary>
public static class CpuTimeProbe
{
    public static void Run(TimeSpan perMethod)
    {
        var b = new SimilarityBenchmark();
        b.Setup();
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}; "
                          + $"{CpuTopology.PhysicalCores()} physical / {CpuTopology.LogicalCores} logical cores");
        foreach (var (name, op) in new (string, Func<object>)[]
                 { ("CompareGraphs", b.CompareGraphs), ("CompareIsomorphic", b.CompareIsomorphic), ("BuildAndCompare", b.BuildAndCompare) })
        {
            // Warm up long enough for tiered JIT to reach optimised code.
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < perMethod) op();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            int n = 0;
            while (wall.Elapsed < perMethod) { op(); n++; }
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            Console.WriteLine($"{name,-18} cpu {cpu.TotalMilliseconds / n:F3} ms/op   wall {wall.Elapsed.TotalMilliseconds / n:F3} ms/op   ({n} ops)");
        }
    }
}
