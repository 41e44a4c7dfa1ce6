using System.Text.Json;
using System.Text.Json.Nodes;
using PatchBench.Generation.Onnx;
using PatchBench.Training.Data;

namespace PatchBench.Training.Export;

/// <summary>
/// Turns a checkpoint's GGUF into an ONNX Runtime GenAI folder with the same weights: the project's GGUF→ONNX exporter
/// writes the decoder and genai_config.json, and the byte vocabulary is written as a Llama-2-style tokenizer.json
/// (BPE without merges, byte fallback, ▁ prepended and for spaces), which gives the ids llama.cpp gives.
/// </summary>
public static class GenAiExport
{
    /// <summary>Writes the folder for <paramref name="ggufPath"/> into <paramref name="folder"/> (replaced atomically).</summary>
    public static void Write(string ggufPath, string folder)
    {
        var temp = folder.TrimEnd('/') + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        TinyLlamaOnnxWriter.WriteFromGguf(ggufPath, temp, ByteVocabulary.Bos, ByteVocabulary.Eos);
        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(temp, OnnxModelFolder.TokenizerFileName), TokenizerJson().ToJsonString(indented));
        var config = new JsonObject
        {
            ["tokenizer_class"] = "LlamaTokenizer",
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
            ["unk_token"] = "<unk>",
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
        };
        File.WriteAllText(Path.Combine(temp, "tokenizer_config.json"), config.ToJsonString(indented));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(temp, folder);
    }

    /// <summary>The byte vocabulary as a Hugging Face tokenizer.json.</summary>
    public static JsonObject TokenizerJson()
    {
        var pieces = ByteVocabulary.Pieces();
        var vocab = new JsonObject();
        for (var i = 0; i < pieces.Count; i++) vocab[pieces[i].Piece] = i;
        JsonObject Added(int id) => new()
        {
            ["id"] = id, ["content"] = pieces[id].Piece, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
            ["normalized"] = false, ["special"] = true,
        };
        JsonObject Replace(string from, string to) => new() { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = from }, ["content"] = to };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(Added(ByteVocabulary.Unknown), Added(ByteVocabulary.Bos), Added(ByteVocabulary.Eos)),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "Prepend", ["prepend"] = ByteVocabulary.SpacePiece }, Replace(" ", ByteVocabulary.SpacePiece)),
            },
            ["pre_tokenizer"] = null,
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(Special("<s>"), Sequence("A")),
                ["pair"] = new JsonArray(Special("<s>"), Sequence("A"), Special("<s>"), Sequence("B")),
                ["special_tokens"] = new JsonObject
                {
                    ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(ByteVocabulary.Bos), ["tokens"] = new JsonArray("<s>") },
                },
            },
            ["decoder"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    Replace(ByteVocabulary.SpacePiece, " "),
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" },
                    new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false, ["vocab"] = vocab, ["merges"] = new JsonArray(),
            },
        };
    }

    private static JsonObject Special(string id) => new() { ["SpecialToken"] = new JsonObject { ["id"] = id, ["type_id"] = 0 } };

    private static JsonObject Sequence(string id) => new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = 0 } };
}
