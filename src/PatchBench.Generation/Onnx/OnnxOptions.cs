using PatchBench.Harness.Records;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>Where the ONNX decoder runs.</summary>
public enum OnnxDevice
{
    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu,
    /// <summary>The CUDA execution provider (needs a GPU build of ONNX Runtime).</summary>
    Cuda,
}

/// <summary>How to run an ONNX model folder.</summary>
public sealed record OnnxOptions
{
    /// <summary>libonnxruntime.so (or its folder); null: $PATCHBENCH_ONNXRUNTIME, else native/onnxruntime/.</summary>
    public string? Library { get; init; }

    /// <summary>cpu, or cuda for the CUDA execution provider.</summary>
    public OnnxDevice Device { get; init; } = OnnxDevice.Cpu;

    /// <summary>CUDA device id.</summary>
    public int DeviceId { get; init; }

    /// <summary>Intra-op threads; 0 = genai_config's intra_op_num_threads, else one per physical core.</summary>
    public int Threads { get; init; }

    /// <summary>Context length in tokens (0 = the model's context_length).</summary>
    public int ContextSize { get; init; }

    /// <summary>ONNX Runtime graph optimization level: 0 none, 1 basic, 2 extended, 99 all.</summary>
    public int GraphOptimizationLevel { get; init; } = 99;

    /// <summary>Loads the folder's tokenizer.json; null uses the project's tokenizer.json reader.</summary>
    public Func<string, ITextTokenizer>? TokenizerLoader { get; init; }

    /// <summary>The thread count actually used when neither option nor config sets one.</summary>
    internal static int DefaultThreads => CpuTopology.PhysicalCores();
}
