using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// The one place the ONNX backend touches the tokenizer.json reader and writer (Tokenizers/,
/// built separately): loading a folder's tokenizer.json and writing the tiny model's one.
/// </summary>
internal static class TokenizerJsonGlue
{
    /// <summary>Loads tokenizer.json. MERGE: replace the body with <c>TokenizerJson.Load(path)</c>.</summary>
    public static ITextTokenizer Load(string path) =>
        throw new OnnxModelFolderException($"{path}: this build has no tokenizer.json reader yet (TokenizerJson); pass OnnxOptions.TokenizerLoader");

    /// <summary>Writes the tiny model's tokenizer.json. MERGE: replace the body with <c>TinyTokenizerJsonWriter.Write(path, config)</c>.</summary>
    public static void WriteTiny(string path, TinyLlamaConfig config) =>
        throw new NotSupportedException($"{path}: this build has no tokenizer.json writer yet (TinyTokenizerJsonWriter); pass a tokenizer writer");
}
