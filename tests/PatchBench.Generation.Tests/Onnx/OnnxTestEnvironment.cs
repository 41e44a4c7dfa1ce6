using PatchBench.Generation.LlamaCpp;
using PatchBench.Generation.Onnx;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Tests.Onnx;

/// <summary>
/// llama.cpp's own tokenizer of the tiny GGUF as an <see cref="ITextTokenizer"/>: the ONNX tests
/// tokenize exactly as the llama.cpp backend does, so any difference they see is the decoder's.
/// </summary>
public sealed class LlamaVocabularyTokenizer(LlamaModel model) : ITextTokenizer
{
    public int VocabularySize => model.VocabularySize;
    public int? BosId => model.Bos;
    public IReadOnlyList<int> EosIds => [model.Eos];
    public IReadOnlyList<int> Encode(string text, bool addSpecial) => model.Tokenize(text, addSpecial, parseSpecial: true);
    public ReadOnlySpan<byte> TokenBytes(int id) => model.TokenBytes(id);
    public bool IsSpecial(int id) => model.IsControl(id);
    public string Decode(IReadOnlyList<int> ids, bool skipSpecial = true) => model.Detokenize(ids.ToArray());
}

/// <summary>The tiny model as an ONNX folder (same weights as TestEnvironment's GGUF) and generators over it.</summary>
public static class OnnxTestEnvironment
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        // fetch-native.sh fetches ONNX Runtime too; run it when a native/ made before that lacks it.
        if (!File.Exists(Path.Combine(TestEnvironment.NativeDirectory, "onnxruntime", "libonnxruntime.so.1"))
            && Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.EnvironmentVariable) is not { Length: > 0 })
        {
            TestEnvironment.Run("bash", Path.Combine(TestEnvironment.RepoRoot, "scripts", "fetch-native.sh"));
        }
        // The tokenizer.json file only has to exist here: these tests tokenize with llama.cpp's tokenizer.
        return TinyLlamaOnnxWriter.Write(TestEnvironment.TempDirectory("onnx-model"), writeTokenizer: p => File.WriteAllText(p, "{}"));
    });
    private static readonly Lazy<OnnxGenerator> SharedGenerator = new(() => Load(FolderPath));
    private static readonly Lazy<LlamaCppGenerator> F32Llama = new(() =>
        new LlamaCppGenerator(TestEnvironment.Generator.Model, new LlamaCppOptions { ContextSize = 512, KvCacheF32 = true }));

    /// <summary>The ONNX folder of the default tiny model.</summary>
    public static string FolderPath => Folder.Value;

    /// <summary>A shared ONNX generator over <see cref="FolderPath"/>.</summary>
    public static OnnxGenerator Generator => SharedGenerator.Value;

    /// <summary>A llama.cpp generator over the same GGUF with an F32 KV cache (no F16 rounding).</summary>
    public static LlamaCppGenerator LlamaF32 => F32Llama.Value;

    /// <summary>Loads an ONNX folder written from the tiny GGUF, tokenizing with llama.cpp's tokenizer of that GGUF.</summary>
    public static OnnxGenerator Load(string folder, OnnxOptions? options = null) =>
        OnnxGenerator.Load(folder, (options ?? new OnnxOptions()) with { TokenizerLoader = _ => new LlamaVocabularyTokenizer(TestEnvironment.Generator.Model) });
}
