using PatchBench.Harness.Records;

namespace PatchBench.Generation.LlamaCpp;

/// <summary>How to run a GGUF model with llama.cpp in process.</summary>
public sealed record LlamaCppOptions
{
    /// <summary>Folder of the native libraries (native/ or native/linux-x64); null: $PATCHBENCH_NATIVE_DIR or a native/ folder above the app.</summary>
    public string? NativeDirectory { get; init; }

    /// <summary>cpu, or cuda for the CUDA build.</summary>
    public LlamaDevice Device { get; init; } = LlamaDevice.Cpu;

    /// <summary>Layers to offload to the GPU (cuda only; negative = all).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>Context length in tokens (0 = the model's training length, capped at 4096).</summary>
    public int ContextSize { get; init; }

    /// <summary>Most tokens submitted to one llama_decode call.</summary>
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
}
