using System.Text.Json;

namespace PatchBench.Generation.Onnx;

/// <summary>A model folder is unusable (missing file, bad or incomplete genai_config.json); the message names the file and field.</summary>
public sealed class OnnxModelFolderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A decoder model folder in ONNX Runtime GenAI's layout, checked before GenAI sees it so that a user's mistake gets one
/// line naming the file: <c>genai_config.json</c> (decoder file, input and output names, cache shape, token ids), the
/// <c>.onnx</c> decoder it names, and the tokenizer files GenAI reads (<c>tokenizer.json</c>, <c>tokenizer_config.json</c>).
/// </summary>
public sealed record OnnxModelFolder(
    string Directory,
    string DecoderPath,
    string TokenizerPath,
    string InputIdsName,
    string AttentionMaskName,
    string? PositionIdsName,
    string PastKeyNames,
    string PastValueNames,
    string LogitsName,
    string PresentKeyNames,
    string PresentValueNames,
    int Layers,
    int KvHeads,
    int HeadSize,
    int VocabularySize,
    int ContextLength,
    int? BosId,
    IReadOnlyList<int> EosIds,
    GenAiConfig Config)
{
    /// <summary>The configuration file's name.</summary>
    public const string ConfigFileName = "genai_config.json";

    /// <summary>The tokenizer file's name.</summary>
    public const string TokenizerFileName = "tokenizer.json";

    /// <summary>The tokenizer configuration GenAI needs beside tokenizer.json (its tokenizer_class picks the rules).</summary>
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    /// <summary>Name of layer <paramref name="layer"/>'s tensor from a GenAI "%d" pattern.</summary>
    public static string LayerName(string pattern, int layer) => pattern.Replace("%d", layer.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Reads and checks the folder.</summary>
    public static OnnxModelFolder Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new OnnxModelFolderException($"ONNX model folder '{directory}' not found (expected a folder with {ConfigFileName}, the .onnx decoder, " +
                $"{TokenizerFileName} and {TokenizerConfigFileName})");
        }
        var configPath = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(configPath)) throw new OnnxModelFolderException(
            $"{configPath}: not found (an ONNX model folder needs ONNX Runtime GenAI's {ConfigFileName})");
        GenAiConfig config;
        try
        {
            config = JsonSerializer.Deserialize(File.ReadAllText(configPath), GenAiConfigJsonContext.Default.GenAiConfig)
                ?? throw new OnnxModelFolderException($"{configPath}: the file holds null, expected an object");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new OnnxModelFolderException($"{configPath}{where}: not valid genai_config.json: {e.Message}", e);
        }
        OnnxModelFolderException Missing(string field) => new($"{configPath}: missing field '{field}'");
        var model = config.Model ?? throw Missing("model");
        var decoder = model.Decoder ?? throw Missing("model.decoder");
        var inputs = decoder.Inputs ?? throw Missing("model.decoder.inputs");
        var outputs = decoder.Outputs ?? throw Missing("model.decoder.outputs");
        var filename = decoder.Filename ?? throw Missing("model.decoder.filename");
        var decoderPath = Path.Combine(directory, filename);
        if (!File.Exists(decoderPath)) throw new OnnxModelFolderException(
            $"{configPath}: model.decoder.filename names '{filename}', which is not in {directory}");
        var tokenizerPath = Path.Combine(directory, TokenizerFileName);
        if (!File.Exists(tokenizerPath)) throw new OnnxModelFolderException(
            $"{tokenizerPath}: not found (ONNX Runtime GenAI tokenizes with the folder's {TokenizerFileName})");
        var tokenizerConfigPath = Path.Combine(directory, TokenizerConfigFileName);
        if (!File.Exists(tokenizerConfigPath))
            throw new OnnxModelFolderException($"{tokenizerConfigPath}: not found (ONNX Runtime GenAI needs it beside {TokenizerFileName})");
        var heads = decoder.NumAttentionHeads ?? throw Missing("model.decoder.num_attention_heads");
        var headSize = decoder.HeadSize ?? (decoder.HiddenSize is { } hidden ? hidden / heads : throw Missing("model.decoder.head_size"));
        return new OnnxModelFolder(
            Directory: Path.GetFullPath(directory),
            DecoderPath: Path.GetFullPath(decoderPath),
            TokenizerPath: Path.GetFullPath(tokenizerPath),
            InputIdsName: inputs.InputIds ?? throw Missing("model.decoder.inputs.input_ids"),
            AttentionMaskName: inputs.AttentionMask ?? throw Missing("model.decoder.inputs.attention_mask"),
            PositionIdsName: inputs.PositionIds,
            PastKeyNames: inputs.PastKeyNames ?? throw Missing("model.decoder.inputs.past_key_names"),
            PastValueNames: inputs.PastValueNames ?? throw Missing("model.decoder.inputs.past_value_names"),
            LogitsName: outputs.Logits ?? throw Missing("model.decoder.outputs.logits"),
            PresentKeyNames: outputs.PresentKeyNames ?? throw Missing("model.decoder.outputs.present_key_names"),
            PresentValueNames: outputs.PresentValueNames ?? throw Missing("model.decoder.outputs.present_value_names"),
            Layers: decoder.NumHiddenLayers ?? throw Missing("model.decoder.num_hidden_layers"),
            KvHeads: decoder.NumKeyValueHeads ?? heads,
            HeadSize: headSize,
            VocabularySize: model.VocabSize ?? throw Missing("model.vocab_size"),
            ContextLength: model.ContextLength ?? config.Search?.MaxLength ?? throw Missing("model.context_length"),
            BosId: model.BosTokenId,
            EosIds: ReadEosIds(model.EosTokenId, configPath),
            Config: config);
    }

    private static List<int> ReadEosIds(JsonElement e, string configPath) => e.ValueKind switch
    {
        JsonValueKind.Number => [e.GetInt32()],
        JsonValueKind.Array => e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetInt32()
            : throw new OnnxModelFolderException($"{configPath}: model.eos_token_id must hold numbers")).ToList(),
        JsonValueKind.Undefined or JsonValueKind.Null => [],
        _ => throw new OnnxModelFolderException($"{configPath}: model.eos_token_id must be a number or an array of numbers"),
    };

    /// <summary>The genai_config.json for a decoder this project exports.</summary>
    public static GenAiConfig ConfigFor(LlamaOnnxExporter.Shape s, string filename, int bos, IReadOnlyList<int> eos) => new()
    {
        Model = new GenAiModel
        {
            Type = "llama",
            BosTokenId = bos,
            EosTokenId = eos.Count == 1 ? JsonSerializer.SerializeToElement(eos[0], GenAiConfigJsonContext.Default.Int32)
                : JsonSerializer.SerializeToElement(eos.ToArray(), GenAiConfigJsonContext.Default.Int32Array),
            PadTokenId = eos[0],
            ContextLength = s.ContextLength,
            VocabSize = s.Vocabulary,
            Decoder = new GenAiDecoder
            {
                Filename = filename,
                HeadSize = s.HeadSize,
                HiddenSize = s.Hidden,
                NumAttentionHeads = s.Heads,
                NumKeyValueHeads = s.KvHeads,
                NumHiddenLayers = s.Layers,
                SessionOptions = new GenAiSessionOptions { LogId = "onnxruntime-genai",
                    ProviderOptions = JsonSerializer.SerializeToElement(Array.Empty<int>(), GenAiConfigJsonContext.Default.Int32Array) },
                Inputs = new GenAiInputs
                {
                    InputIds = "input_ids",
                    AttentionMask = "attention_mask",
                    PositionIds = "position_ids",
                    PastKeyNames = "past_key_values.%d.key",
                    PastValueNames = "past_key_values.%d.value",
                },
                Outputs = new GenAiOutputs { Logits = "logits", PresentKeyNames = "present.%d.key", PresentValueNames = "present.%d.value" },
            },
        },
        Search = new GenAiSearch
        {
            DoSample = false, MaxLength = s.ContextLength, MinLength = 0, NumBeams = 1, NumReturnSequences = 1,
            PastPresentShareBuffer = false, RepetitionPenalty = 1f, Temperature = 1f, TopK = 1, TopP = 1f,
        },
    };

    /// <summary>Serializes a configuration as genai_config.json text.</summary>
    public static string Serialize(GenAiConfig config) => JsonSerializer.Serialize(config, GenAiConfigJsonContext.Default.GenAiConfig);
}
