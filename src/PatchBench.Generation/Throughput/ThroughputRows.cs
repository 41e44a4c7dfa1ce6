using System.Globalization;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Harness.Records;

namespace PatchBench.Generation.Throughput;

/// <summary>Turns measured throughput tests into llama-bench-shaped result rows.</summary>
public static class ThroughputRows
{
    /// <summary>Builds a row from one measured test.</summary>
    public static LlamaBenchRow From(ThroughputResult t, string modelPath, string description, long sizeBytes, long parameters,
        int threads, int gpuLayers, string cpu, string gpu, string backend, double bandwidthGbps)
    {
        bool generation = t.Test.StartsWith("tg", StringComparison.Ordinal);
        var ns = t.Samples.Select(ts => ts > 0 ? (long)(t.Tokens / ts * 1e9) : 0L).ToArray();
        double meanNs = ns.Length == 0 ? 0 : ns.Average();
        double sdNs = ns.Length < 2 ? 0 : Math.Sqrt(ns.Sum(x => (x - meanNs) * (x - meanNs)) / (ns.Length - 1));
        return new LlamaBenchRow
        {
            CpuInfo = cpu, GpuInfo = gpu, Backends = backend, ModelFilename = modelPath, ModelType = description,
            ModelSize = sizeBytes, ModelNParams = parameters, NThreads = threads, NGpuLayers = gpuLayers,
            NPrompt = generation ? 0 : t.Tokens, NGen = generation ? t.Tokens : 0,
            TestTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            AvgNs = (long)meanNs, StddevNs = (long)sdNs, AvgTs = t.Mean, StddevTs = t.StandardDeviation,
            SamplesNs = ns, SamplesTs = t.Samples.ToArray(), MemoryBandwidthGbps = bandwidthGbps,
            CeilingTs = generation ? MemoryBandwidth.GenerationCeiling(sizeBytes, bandwidthGbps) : 0,
            EngineAvgTs = double.IsNaN(t.EngineMean) ? 0 : t.EngineMean,
            OmpWaitPolicy = OpenMpWaitPolicy.Current, OmpWaitReason = OpenMpWaitPolicy.Reason,
        };
    }

}
