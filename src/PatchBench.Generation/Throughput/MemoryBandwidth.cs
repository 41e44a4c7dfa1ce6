using PatchBench.Harness.Records;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace PatchBench.Generation.Throughput;

/// <summary>
/// The machine's measured memory read bandwidth, the ceiling of token generation: each generated
/// token reads every weight once, so tg tokens/s can never exceed bandwidth / model bytes.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>
    /// Best of <paramref name="rounds"/> reads of a <paramref name="megabytes"/> MiB buffer (far larger than any
    /// cache), split over <paramref name="threads"/> threads (default: physical cores, as model threads) as generation splits its matrix work, in GB/s
    /// (10^9 bytes per second). Reading, not copying: generation reads weights and writes almost nothing.
    /// </summary>
    public static double MeasureGigabytesPerSecond(int threads = 0, int megabytes = 512, int rounds = 5)
    {
        threads = threads > 0 ? threads : CpuTopology.PhysicalCores();
        var buffer = new long[(long)megabytes * 1024 * 1024 / sizeof(long)];
        Array.Fill(buffer, 1L); // touch every page before timing
        long chunk = buffer.Length / threads;
        double best = double.MaxValue;
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            var sums = new long[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var span = buffer.AsSpan((int)(t * chunk), (int)(t == threads - 1 ? buffer.Length - t * chunk : chunk));
                var vectors = MemoryMarshal.Cast<long, Vector<long>>(span);
                var acc = Vector<long>.Zero;
                foreach (var v in vectors) acc += v;
                sums[t] = Vector.Sum(acc);
            });
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            sink += sums.Sum();
        }
        GC.KeepAlive(sink);
        return (double)buffer.Length * sizeof(long) / best / 1e9;
    }

    /// <summary>Upper bound of generation tokens/s for a model of <paramref name="modelBytes"/> at a bandwidth in GB/s.</summary>
    public static double GenerationCeiling(long modelBytes, double gigabytesPerSecond) =>
        modelBytes <= 0 ? 0 : gigabytesPerSecond * 1e9 / modelBytes;
}
