using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using PatchBench.Testing;

namespace PatchBench.Benchmarks;

/// <summary>
/// The same seeded LLaMA weights (256 wide, 4 layers, 8 heads, F32) run by llama.cpp from GGUF and by
/// ONNX Runtime GenAI from the folder `patchbench convert` writes, on the same thread count: prompt processing of 128
/// tokens in one batch (pp128) and generation of 64 tokens one at a time with the KV cache (tg64),
/// per token. Side-by-side table without BenchmarkDotNet: <c>-- onnx-throughput [threads] [reps]</c>.
/// </summary>
public class OnnxThroughputBenchmark
{
    /// <summary>Which backend runs the weights.</summary>
    [Params("llamacpp", "onnx")]
    public string Backend { get; set; } = "llamacpp";

    private ThroughputPair _pair = null!;

    [GlobalSetup]
    public void Setup() => _pair = ThroughputPair.Create(Threads());

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    /// <summary>pp128: time per prompt token.</summary>
    [Benchmark(OperationsPerInvoke = ThroughputPair.PromptTokens)]
    public void PromptProcessing128() => _pair.Prompt(Backend);

    /// <summary>tg64: time per generated token.</summary>
    [Benchmark(OperationsPerInvoke = ThroughputPair.GeneratedTokens)]
    public void Generation64() => _pair.Generate(Backend);

    internal static int Threads() => int.TryParse(Environment.GetEnvironmentVariable("PATCHBENCH_BENCH_THREADS"), out var t) ? t : 1;

    /// <summary>The quick side-by-side run: median of <paramref name="reps"/> repetitions of pp128 and tg64 per backend.</summary>
    public static int RunSideBySide(string[] args)
    {
        var threads = args.Length > 0 ? int.Parse(args[0]) : Threads();
        var reps = args.Length > 1 ? int.Parse(args[1]) : 7;
        using var pair = ThroughputPair.Create(threads);
        Console.WriteLine($"model: {ThroughputPair.Config.EmbeddingLength} wide, {ThroughputPair.Config.Layers} layers, {ThroughputPair.Config.Heads} heads, " +
            $"F32; threads {threads}; ONNX Runtime GenAI 0.20.0; median of {reps}");
        Console.WriteLine($"{"backend",-10} {"pp128 tok/s",12} {"tg64 tok/s",12}");
        foreach (var backend in new[] { "llamacpp", "onnx" })
        {
            pair.Prompt(backend); pair.Generate(backend); // warm-up
            double Median(Action run, int tokens)
            {
                var rates = new List<double>();
                for (var i = 0; i < reps; i++)
                {
                    var sw = Stopwatch.StartNew();
                    run();
                    rates.Add(tokens / sw.Elapsed.TotalSeconds);
                }
                return rates.Order().ElementAt(rates.Count / 2);
            }
            var pp = Median(() => pair.Prompt(backend), ThroughputPair.PromptTokens);
            var tg = Median(() => pair.Generate(backend), ThroughputPair.GeneratedTokens);
            Console.WriteLine($"{backend,-10} {pp,12:0.0} {tg,12:0.0}");
        }
        return 0;
    }
}

/// <summary>The benchmark model loaded in both backends.</summary>
internal sealed class ThroughputPair : IDisposable
{
    public const int PromptTokens = 128;
    public const int GeneratedTokens = 64;

    public static readonly TinyLlamaConfig Config = new()
    {
        Name = "patchbench-onnx-bench", EmbeddingLength = 256, Layers = 4, Heads = 8, KvHeads = 8, FeedForwardLength = 688, ContextLength = 512, Seed = 42,
    };

    private readonly LlamaCppGenerator _llama;
    private readonly OnnxGenerator _onnx;
    private readonly int[] _prompt;

    private ThroughputPair(LlamaCppGenerator llama, OnnxGenerator onnx, int[] prompt)
    {
        _llama = llama;
        _onnx = onnx;
        _prompt = prompt;
    }

    public static ThroughputPair Create(int threads)
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchbench-onnx-bench");
        var gguf = Path.Combine(dir, "bench.gguf");
        var folder = Path.Combine(dir, "onnx");
        Directory.CreateDirectory(dir);
        TinyLlamaModelBuilder.Write(gguf, Config);
        GenAiFolderExporter.Export(gguf, folder);
        var llama = LlamaCppGenerator.Load(gguf, new LlamaCppOptions { ContextSize = 512, Threads = threads });
        var vocabulary = llama.Model.VocabularySize;
        var onnx = OnnxGenerator.Load(folder, new OnnxOptions { Threads = threads });
        var random = new Random(1);
        var prompt = Enumerable.Range(0, PromptTokens).Select(i => i == 0 ? 1 : random.Next(3, vocabulary)).ToArray();
        return new ThroughputPair(llama, onnx, prompt);
    }

    public void Prompt(string backend)
    {
        if (backend == "onnx") _onnx.ProcessPrompt(_prompt);
        else
        {
            _llama.ClearMemory();
            _llama.DecodeTokens(_prompt);
            _llama.Synchronize();
        }
    }

    public void Generate(string backend)
    {
        if (backend == "onnx")
        {
            // GenAI decodes the tokens it samples (greedy); llama.cpp below is fed prompt tokens: both one decoder run per token.
            _onnx.GenerateTokens(_prompt[0], GeneratedTokens);
            return;
        }
        var one = new int[1];
        _llama.ClearMemory();
        for (var i = 0; i < GeneratedTokens; i++)
        {
            one[0] = _prompt[i];
            _llama.DecodeTokens(one);
            _llama.Synchronize();
        }
    }

    public void Dispose()
    {
        _llama.Dispose();
        _onnx.Dispose();
    }
}
