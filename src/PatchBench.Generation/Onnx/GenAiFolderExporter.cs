using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>What <see cref="GenAiFolderExporter.Export"/> wrote.</summary>
/// <param name="Folder">The model folder.</param>
/// <param name="Shape">The decoder's shape.</param>
/// <param name="Vocabulary">The vocabulary kind ("llama" SentencePiece or "gpt2" BPE).</param>
/// <param name="WeightType">The GGUF's quantisation the weights were read from.</param>
public sealed record GenAiExport(string Folder, LlamaOnnxExporter.Shape Shape, string Vocabulary, string WeightType);

/// <summary>
/// <c>patchbench convert M.gguf --to onnx --out DIR</c>: a LLaMA-family GGUF (F32, F16, BF16 or Q8_0 weights, either
/// vocabulary llama.cpp writes) as an ONNX Runtime GenAI model folder: model.onnx, genai_config.json, tokenizer.json and
/// tokenizer_config.json. The same weights reach both backends this way.
/// </summary>
public static class GenAiFolderExporter
{
    /// <summary>The decoder's file name in the folder.</summary>
    public const string DecoderFileName = "model.onnx";

    /// <summary>Converts <paramref name="ggufPath"/> into <paramref name="folder"/> (created; files in it are replaced).</summary>
    /// <exception cref="GgufFormatException">The file is not GGUF or is cut short.</exception>
    /// <exception cref="InvalidDataException">Metadata or a tensor the model needs is missing.</exception>
    /// <exception cref="NotSupportedException">Another architecture, vocabulary or weight type.</exception>
    public static GenAiExport Export(string ggufPath, string folder)
    {
        var file = GgufReader.Read(ggufPath);
        // Read the vocabulary first: an unsupported one fails before the (slow) weights are converted.
        var vocab = GgufVocabulary.From(file);
        Directory.CreateDirectory(folder);
        var shape = LlamaOnnxExporter.Export(ggufPath, Path.Combine(folder, DecoderFileName));
        if (vocab.Tokens.Count != shape.Vocabulary)
            throw new InvalidDataException($"{ggufPath}: {vocab.Tokens.Count} tokens in tokenizer.ggml.tokens but token_embd.weight has {shape.Vocabulary} " +
                $"rows");
        var eos = vocab.Eos ?? throw new InvalidDataException($"{ggufPath}: metadata 'tokenizer.ggml.eos_token_id' is missing");
        // GenAI stops at every id of eos_token_id: the same set llama.cpp stops at, so both end a completion at the same token.
        var config = OnnxModelFolder.ConfigFor(shape, DecoderFileName, vocab.Bos ?? eos, [eos, .. (vocab.EndOfGeneration ?? []).Where(i => i != eos)]);
        File.WriteAllText(Path.Combine(folder, OnnxModelFolder.ConfigFileName), OnnxModelFolder.Serialize(config));
        TokenizerFilesWriter.Write(folder, vocab, shape.ContextLength);
        return new GenAiExport(Path.GetFullPath(folder), shape, vocab.Model, file.Quantization);
    }
}
