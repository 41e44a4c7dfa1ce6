using PatchBench.Harness.Records;

namespace PatchBench.Generation.Onnx;

/// <summary>Where the ONNX decoder runs.</summary>
public enum OnnxDevice
{
    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu,
    /// <summary>The CUDA execution provider (needs the Microsoft.ML.OnnxRuntimeGenAI.Cuda build: -p:PatchBenchGpu=cuda12).</summary>
    Cuda,
}

/// <summary>How to run an ONNX Runtime GenAI model folder.</summary>
public sealed record OnnxOptions
{
    /// <summary>cpu, or cuda for the CUDA execution provider.</summary>
    public OnnxDevice Device { get; init; } = OnnxDevice.Cpu;

    /// <summary>CUDA device id.</summary>
    public int DeviceId { get; init; }

    /// <summary>Intra-op threads; 0 = genai_config's intra_op_num_threads, else one per physical core.</summary>
    public int Threads { get; init; }

    /// <summary>Context length in tokens (0 = the model's context_length).</summary>
    public int ContextSize { get; init; }

    /// <summary>The thread count used when neither the option nor genai_config.json sets one.</summary>
    internal static int DefaultThreads => CpuTopology.PhysicalCores();
}
