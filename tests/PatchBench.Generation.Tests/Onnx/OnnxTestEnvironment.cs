using PatchBench.Generation.Gguf;
using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using PatchBench.Harness.Suites;
using PatchBench.Testing;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>
/// The tiny model as a GenAI folder, made as a user makes one: TestEnvironment's GGUF weights converted by the exporter
/// (tokenizer files included), and generators over it and over the same GGUF.
/// </summary>
public static class OnnxTestEnvironment
{
    private static readonly Lazy<string> Folder = new(() => TinyLlamaOnnxWriter.Write(TestEnvironment.TempDirectory("onnx-model")));
    private static readonly Lazy<OnnxGenerator> SharedGenerator = new(() => OnnxGenerator.Load(FolderPath));
    private static readonly Lazy<LlamaCppGenerator> F32Llama = new(() => new LlamaCppGenerator(TestEnvironment.Generator.Model, ExactLlama));

    /// <summary>
    /// llama.cpp computing attention as the exported graph does: F32 keys and values (no F16 rounding) and flash attention
    /// off (llama.cpp's automatic choice turns it on here; its online softmax sums in another order, which flipped nearly
    /// tied greedy tokens of the untrained model on 5 of the 219 core prompts within 64 tokens).
    /// </summary>
    public static LlamaCppOptions ExactLlama { get; } = new() { ContextSize = 512, KvCacheF32 = true, FlashAttention = false };
    private static readonly Lazy<IReadOnlyList<string>> Prompts = new(() =>
    {
        var loaded = SuiteLoader.Load(Path.Combine(TestEnvironment.RepoRoot, "suites", "core"));
        return loaded.Suite?.Items.Select(i => i.Prompt).ToList() ?? throw new InvalidOperationException($"suites/core does not load: {loaded.Problems[0]}");
    });

    /// <summary>The GenAI folder of the default tiny model.</summary>
    public static string FolderPath => Folder.Value;

    /// <summary>A shared GenAI generator over <see cref="FolderPath"/>.</summary>
    public static OnnxGenerator Generator => SharedGenerator.Value;

    /// <summary>A llama.cpp generator over the same GGUF with an F32 KV cache (no F16 rounding of keys and values).</summary>
    public static LlamaCppGenerator LlamaF32 => F32Llama.Value;

    /// <summary>Every prompt of suites/core, in the suite's order.</summary>
    public static IReadOnlyList<string> CorePrompts => Prompts.Value;

    /// <summary>Writes <paramref name="config"/> as a GGUF and converts it; returns both paths.</summary>
    public static (string Gguf, string Folder) Convert(TinyLlamaConfig config, string name)
    {
        var dir = TestEnvironment.TempDirectory(name);
        var gguf = Path.Combine(dir, name + ".gguf");
        TinyLlamaModelBuilder.Write(gguf, config);
        var folder = Path.Combine(dir, "genai");
        GenAiFolderExporter.Export(gguf, folder);
        return (gguf, folder);
    }
}
