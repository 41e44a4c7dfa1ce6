using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace PatchBench.Harness.Records;

/// <summary>
/// One test of a throughput profile with llama-bench's own JSON field names (so tooling that reads
/// <c>llama-bench -o json</c> reads ours), plus the memory-bandwidth ceiling. The results format of <c>results/throughput/*.json</c>: written by
/// <c>patchbench throughput</c>, read by the site.
/// </summary>
public sealed record LlamaBenchRow
{
    /// <summary>CPU model name.</summary>
    [JsonPropertyName("cpu_info")] public string CpuInfo { get; init; } = "";
    /// <summary>GPU name, empty without one.</summary>
    [JsonPropertyName("gpu_info")] public string GpuInfo { get; init; } = "";
    /// <summary>Backend: CPU or CUDA.</summary>
    [JsonPropertyName("backends")] public string Backends { get; init; } = "";
    /// <summary>The GGUF file.</summary>
    [JsonPropertyName("model_filename")] public string ModelFilename { get; init; } = "";
    /// <summary>llama.cpp's model description (architecture, size, type).</summary>
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "";
    /// <summary>Model size in bytes.</summary>
    [JsonPropertyName("model_size")] public long ModelSize { get; init; }
    /// <summary>Parameter count.</summary>
    [JsonPropertyName("model_n_params")] public long ModelNParams { get; init; }
    /// <summary>Logical batch size.</summary>
    [JsonPropertyName("n_batch")] public int NBatch { get; init; } = 2048;
    /// <summary>Physical batch size.</summary>
    [JsonPropertyName("n_ubatch")] public int NUbatch { get; init; } = 512;
    /// <summary>Threads.</summary>
    [JsonPropertyName("n_threads")] public int NThreads { get; init; }
    /// <summary>Layers offloaded to the GPU.</summary>
    [JsonPropertyName("n_gpu_layers")] public int NGpuLayers { get; init; }
    /// <summary>Prompt tokens of a pp test (0 for tg).</summary>
    [JsonPropertyName("n_prompt")] public int NPrompt { get; init; }
    /// <summary>Generated tokens of a tg test (0 for pp).</summary>
    [JsonPropertyName("n_gen")] public int NGen { get; init; }
    /// <summary>When the test ran (UTC, ISO 8601).</summary>
    [JsonPropertyName("test_time")] public string TestTime { get; init; } = "";
    /// <summary>Mean duration of one repetition in nanoseconds.</summary>
    [JsonPropertyName("avg_ns")] public long AvgNs { get; init; }
    /// <summary>Standard deviation of the durations in nanoseconds.</summary>
    [JsonPropertyName("stddev_ns")] public long StddevNs { get; init; }
    /// <summary>Mean tokens/s.</summary>
    [JsonPropertyName("avg_ts")] public double AvgTs { get; init; }
    /// <summary>Standard deviation of tokens/s.</summary>
    [JsonPropertyName("stddev_ts")] public double StddevTs { get; init; }
    /// <summary>Each repetition's duration in nanoseconds.</summary>
    [JsonPropertyName("samples_ns")] public IReadOnlyList<long> SamplesNs { get; init; } = [];
    /// <summary>Each repetition's tokens/s.</summary>
    [JsonPropertyName("samples_ts")] public IReadOnlyList<double> SamplesTs { get; init; } = [];
    /// <summary>
    /// OMP_WAIT_POLICY the OpenMP threads ran with (PatchBench's addition; "" = libgomp's default, spin then sleep):
    /// the user's value, else ACTIVE when the machine was quiet as the process started and PASSIVE when other processes
    /// held its cores (spinning threads lose most of their speed on shared cores). Give llama-bench the same value when
    /// comparing (bench/throughput-vs-llama-bench.sh does).
    /// </summary>
    [JsonPropertyName("omp_wait_policy")] public string OmpWaitPolicy { get; init; } = "";
    /// <summary>Why <see cref="OmpWaitPolicy"/> was chosen, e.g. the load other processes put on the cores (PatchBench's addition).</summary>
    [JsonPropertyName("omp_wait_reason")] public string OmpWaitReason { get; init; } = "";
    /// <summary>Measured memory bandwidth in GB/s (PatchBench's addition).</summary>
    [JsonPropertyName("memory_bandwidth_gbps")] public double MemoryBandwidthGbps { get; init; }
    /// <summary>Bandwidth ceiling of generation tokens/s: bandwidth / model bytes (PatchBench's addition).</summary>
    [JsonPropertyName("ceiling_ts")] public double CeilingTs { get; init; }
    /// <summary>
    /// Mean tokens/s by llama.cpp's own perf counters, time inside decode only (PatchBench's addition; 0 = not measured):
    /// beside <see cref="AvgTs"/> it shows what the managed side adds per call.
    /// </summary>
    [JsonPropertyName("engine_avg_ts")] public double EngineAvgTs { get; init; }

    /// <summary>The rows as CSV with llama-bench's column names.</summary>
    public static string Csv(IEnumerable<LlamaBenchRow> rows)
    {
        var sb = new StringBuilder(
            "cpu_info,gpu_info,backends,model_filename,model_type,model_size,model_n_params,n_batch,n_ubatch,n_threads,n_gpu_layers,n_prompt,n_gen,test_time," +
                "avg_ns,stddev_ns,avg_ts,stddev_ts,memory_bandwidth_gbps,ceiling_ts\n");
        static string Q(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
        foreach (var r in rows)
            sb.Append(string.Join(',', Q(r.CpuInfo), Q(r.GpuInfo), Q(r.Backends), Q(r.ModelFilename), Q(r.ModelType),
                r.ModelSize, r.ModelNParams, r.NBatch, r.NUbatch, r.NThreads, r.NGpuLayers, r.NPrompt, r.NGen, Q(r.TestTime),
                r.AvgNs, r.StddevNs, r.AvgTs.ToString("R", CultureInfo.InvariantCulture), r.StddevTs.ToString("R", CultureInfo.InvariantCulture),
                r.MemoryBandwidthGbps.ToString("F2", CultureInfo.InvariantCulture), r.CeilingTs.ToString("F2", CultureInfo.InvariantCulture))).Append('\n');
        return sb.ToString();
    }
}

/// <summary>Source-generated JSON for throughput profiles (an array, as llama-bench writes).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(List<LlamaBenchRow>))]
public sealed partial class LlamaBenchJson : JsonSerializerContext;
