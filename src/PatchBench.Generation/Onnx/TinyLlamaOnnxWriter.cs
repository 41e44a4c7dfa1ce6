using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Generation.Gguf;
using PatchBench.Generation.Tokenizers;

namespace PatchBench.Generation.Onnx;

/// <summary>
/// Writes the project's tiny LLaMA model (TinyLlamaModelBuilder's seeded weights) as an ONNX Runtime
/// GenAI model folder: <c>model.onnx</c>, <c>genai_config.json</c>, <c>tokenizer.json</c> and
/// <c>tokenizer_config.json</c> (its ChatML chat template). The same weights as the GGUF, so both
/// backends compute the same function.
/// </summary>
public static class TinyLlamaOnnxWriter
{
    /// <summary>The decoder's file name in the folder.</summary>
    public const string DecoderFileName = "model.onnx";

    /// <summary>
    /// Writes the folder; <paramref name="writeTokenizer"/> writes tokenizer.json (default: the
    /// project's tokenizer.json writer for the tiny vocabulary). Returns the folder's path.
    /// </summary>
    public static string Write(string folder, TinyLlamaConfig? config = null, Action<string>? writeTokenizer = null)
    {
        config ??= new TinyLlamaConfig();
        Directory.CreateDirectory(folder);
        var gguf = Path.Combine(folder, "weights.gguf.tmp");
        try
        {
            TinyLlamaModelBuilder.Write(gguf, config);
            WriteFromGguf(gguf, folder, bos: 1, eos: 2);
        }
        finally
        {
            File.Delete(gguf);
        }
        var tokenizer = Path.Combine(folder, OnnxModelFolder.TokenizerFileName);
        if (writeTokenizer != null) writeTokenizer(tokenizer);
        else TinyTokenizerJsonWriter.Write(tokenizer, config);
        var tokenizerConfig = new JsonObject
        {
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
        };
        if (config.ChatTemplate) tokenizerConfig["chat_template"] = TinyLlamaModelBuilder.ChatMlTemplate;
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), tokenizerConfig.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return folder;
    }

    /// <summary>Converts an F32/F16 LLaMA GGUF to model.onnx + genai_config.json in <paramref name="folder"/> (no tokenizer).</summary>
    public static void WriteFromGguf(string ggufPath, string folder, int bos, int eos)
    {
        Directory.CreateDirectory(folder);
        var shape = LlamaOnnxExporter.Export(ggufPath, Path.Combine(folder, DecoderFileName));
        File.WriteAllText(Path.Combine(folder, OnnxModelFolder.ConfigFileName), OnnxModelFolder.Serialize(OnnxModelFolder.ConfigFor(shape, DecoderFileName, bos, eos)));
    }
}
