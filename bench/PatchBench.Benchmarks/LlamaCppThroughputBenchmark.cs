using BenchmarkDotNet.Attributes;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Harness.Records;
using PatchBench.Testing;

namespace PatchBench.Benchmarks;

/// <summary>
/// llama.cpp backend throughput on the generated benchmark model (~134M parameters, F16):
/// prompt processing of 512 tokens and generation of 128 tokens one at a time, per token.
/// The side-by-side comparison with llama-bench is `bench/throughput-vs-llama-bench.sh` (see docs/llamacpp.md).
/// </summary>
[MemoryDiagnoser]
public class LlamaCppThroughputBenchmark : IDisposable
{
    private LlamaModel _model = null!;
    private LlamaCppGenerator _pp = null!, _tg = null!;
    private int[] _prompt = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = BenchModel.EnsureWritten();
        _model = LlamaModel.Load(path);
        // PATCHBENCH_BENCH_THREADS=1 on a crowded machine: 2 threads there collapse (docs/llamacpp.md).
        var threads = int.TryParse(Environment.GetEnvironmentVariable("PATCHBENCH_BENCH_THREADS"), out var t) ? t : 0;
        _pp = new LlamaCppGenerator(_model, new LlamaCppOptions { ContextSize = 512, BatchSize = 2048, MicroBatchSize = 512, Threads = threads });
        _tg = new LlamaCppGenerator(_model, new LlamaCppOptions { ContextSize = 128, BatchSize = 2048, MicroBatchSize = 512, Threads = threads });
        var random = new Random(1);
        _prompt = Enumerable.Range(0, 512).Select(i => i == 0 ? _model.Bos : random.Next(_model.VocabularySize)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Fields cleared so Dispose after GlobalCleanup, or without Setup, disposes nothing twice.
        _pp?.Dispose();
        _tg?.Dispose();
        _model?.Dispose();
        (_pp, _tg, _model) = (null!, null!, null!);
    }

    /// <summary>The same as <see cref="Cleanup"/>, for callers that construct the benchmark by hand.</summary>
    public void Dispose()
    {
        Cleanup();
        // Not sealed (BenchmarkDotNet derives from benchmark classes), so the usual pattern's call.
        GC.SuppressFinalize(this);
    }

    /// <summary>pp512: time per prompt token.</summary>
    [Benchmark(OperationsPerInvoke = 512)]
    public void PromptProcessing512()
    {
        _pp.ClearMemory();
        _pp.DecodeTokens(_prompt);
        _pp.Synchronize();
    }

    /// <summary>tg128: time per generated token (decode one, wait, repeat).</summary>
    [Benchmark(OperationsPerInvoke = 128)]
    public void Generation128()
    {
        _tg.ClearMemory();
        var token = new int[1];
        for (var i = 0; i < 128; i++)
        {
            token[0] = _prompt[i];
            _tg.DecodeTokens(token);
            _tg.Synchronize();
        }
    }
}

/// <summary>The benchmark model: written once by our GGUF writer into models/ (git-ignored).</summary>
public static class BenchModel
{
    /// <summary>~134M parameters: 12 layers, n_embd 768, 12 heads, FFN 2048, 32000-token vocabulary, F16.</summary>
    public static readonly TinyLlamaConfig Config = new()
    {
        Name = "patchbench-bench-134m-f16",
        EmbeddingLength = 768,
        Layers = 12,
        Heads = 12,
        KvHeads = 12,
        FeedForwardLength = 2048,
        ContextLength = 2048,
        SyntheticVocabulary = 32000 - TinyLlamaModelBuilder.Vocabulary(new TinyLlamaConfig()).Count,
        WeightType = GgmlType.F16,
    };

    /// <summary>Path of the model, writing it first when missing.</summary>
    public static string EnsureWritten(string? path = null)
    {
        path ??= Path.Combine(RepoRoot(), "models", "bench-134m-f16.gguf");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TinyLlamaModelBuilder.Write(path, Config);
        }
        return path;
    }

    /// <summary>
    /// The same weights quantized to Q8_0 (~142 MB, in the 100-200 MB range the throughput target is stated for), written
    /// once next to the F16 file by llama.cpp's own quantizer through LLamaSharp, so the file is what llama-quantize makes.
    /// </summary>
    public static string EnsureQ8Written()
    {
        var f16 = EnsureWritten();
        var path = Path.Combine(Path.GetDirectoryName(f16)!, "bench-134m-q8_0.gguf");
        if (File.Exists(path)) return path;
        LlamaNativeLibrary.Load();
        var partial = path + ".partial";
        if (!LLama.LLamaQuantizer.Quantize(f16, partial, LLama.Native.LLamaFtype.MOSTLY_Q8_0, CpuTopology.PhysicalCores()))
            throw new InvalidOperationException($"{f16}: llama.cpp could not quantize it to Q8_0");
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>The folder holding PatchBench.sln above the current directory or the app.</summary>
    public static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PatchBench.sln"))) return dir.FullName;
            }
        }
        return Environment.CurrentDirectory;
    }
}
