using LLama.Common;
using LLama.Native;
using PatchBench.Harness.Records;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>How to run a GGUF model through LLamaSharp; <see cref="ModelParams"/> turns it into LLamaSharp's parameters.</summary>
public sealed record LlamaCppOptions
{
    /// <summary>
    /// A folder with the user's own libllama.so build, taken only when it is llama.cpp commit
    /// <see cref="LlamaNativeLibrary.Commit"/> or one of the same structs (<see cref="LlamaNativeLibrary.AbiCommits"/>,
    /// e.g. bench/build-llamasharp-native.sh's); null: LLamaSharp's bundled build.
    /// </summary>
    public string? NativeDirectory { get; init; }

    /// <summary>cpu, or cuda for the CUDA build.</summary>
    public LlamaDevice Device { get; init; } = LlamaDevice.Cpu;

    /// <summary>Layers to offload to the GPU (cuda only; negative = all).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>Context length in tokens (0 = the model's training length, capped at 4096).</summary>
    public int ContextSize { get; init; }

    /// <summary>Most tokens submitted to one decode call (llama.cpp's n_batch).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Physical batch size (llama.cpp's n_ubatch).</summary>
    public int MicroBatchSize { get; init; } = 512;

    /// <summary>Threads for generation and prompt processing; 0 = one per physical core.</summary>
    public int Threads { get; init; }

    /// <summary>Flash attention: null = llama.cpp's automatic choice.</summary>
    public bool? FlashAttention { get; init; }

    /// <summary>Keep the KV cache in F32 instead of llama.cpp's default F16 (exact comparisons with other backends).</summary>
    public bool KvCacheF32 { get; init; }

    /// <summary>The thread count actually used.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : CpuTopology.PhysicalCores();

    /// <summary>
    /// LLamaSharp's parameters for <paramref name="modelPath"/>. Threads and BatchThreads are both set: left alone LLamaSharp
    /// uses one thread here, and BatchThreads alone decides prompt processing.
    /// </summary>
    public ModelParams ModelParams(string modelPath, int trainingContext)
    {
        var context = ContextSize > 0 ? ContextSize : Math.Min(trainingContext > 0 ? trainingContext : 4096, 4096);
        return new ModelParams(modelPath)
        {
            ContextSize = (uint)context,
            BatchSize = (uint)BatchSize,
            UBatchSize = (uint)Math.Min(MicroBatchSize, BatchSize),
            SeqMax = 1,
            // As llama.cpp's own tools: the weights stay mapped from the file (LLamaSharp's default copies them).
            LoadMode = LLamaLoadMode.MemoryMap,
            Threads = EffectiveThreads,
            BatchThreads = EffectiveThreads,
            GpuLayerCount = Device == LlamaDevice.Cpu ? 0 : GpuLayers < 0 ? 999 : GpuLayers,
            FlashAttention = FlashAttention,
            TypeK = KvCacheF32 ? GGMLType.GGML_TYPE_F32 : null,
            TypeV = KvCacheF32 ? GGMLType.GGML_TYPE_F32 : null,
        };
    }
}
