using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatchBench.Generation.Onnx;

/// <summary>genai_config.json as ONNX Runtime GenAI writes it (only the fields this backend reads or writes).</summary>
public sealed record GenAiConfig
{
    /// <summary>"model": the decoder and its token ids.</summary>
    [JsonPropertyName("model")] public GenAiModel? Model { get; init; }

    /// <summary>"search": decoding defaults.</summary>
    [JsonPropertyName("search")] public GenAiSearch? Search { get; init; }
}

/// <summary>genai_config.json "model".</summary>
public sealed record GenAiModel
{
    /// <summary>Architecture name (llama, mistral, qwen2, ...).</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }

    /// <summary>Beginning-of-sequence id.</summary>
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }

    /// <summary>End-of-sequence id: a number or an array of numbers.</summary>
    [JsonPropertyName("eos_token_id")] public JsonElement EosTokenId { get; init; }

    /// <summary>Padding id.</summary>
    [JsonPropertyName("pad_token_id")] public int? PadTokenId { get; init; }

    /// <summary>Maximum sequence length.</summary>
    [JsonPropertyName("context_length")] public int? ContextLength { get; init; }

    /// <summary>Vocabulary size (logits width).</summary>
    [JsonPropertyName("vocab_size")] public int? VocabSize { get; init; }

    /// <summary>"decoder".</summary>
    [JsonPropertyName("decoder")] public GenAiDecoder? Decoder { get; init; }
}

/// <summary>genai_config.json "model.decoder".</summary>
public sealed record GenAiDecoder
{
    /// <summary>The .onnx file, relative to the folder.</summary>
    [JsonPropertyName("filename")] public string? Filename { get; init; }

    /// <summary>Per-head dimension.</summary>
    [JsonPropertyName("head_size")] public int? HeadSize { get; init; }

    /// <summary>Model width.</summary>
    [JsonPropertyName("hidden_size")] public int? HiddenSize { get; init; }

    /// <summary>Query heads.</summary>
    [JsonPropertyName("num_attention_heads")] public int? NumAttentionHeads { get; init; }

    /// <summary>Key/value heads.</summary>
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }

    /// <summary>Transformer blocks (= number of past/present pairs).</summary>
    [JsonPropertyName("num_hidden_layers")] public int? NumHiddenLayers { get; init; }

    /// <summary>Input names.</summary>
    [JsonPropertyName("inputs")] public GenAiInputs? Inputs { get; init; }

    /// <summary>Output names.</summary>
    [JsonPropertyName("outputs")] public GenAiOutputs? Outputs { get; init; }

    /// <summary>Session options (intra_op_num_threads, provider_options, ...).</summary>
    [JsonPropertyName("session_options")] public GenAiSessionOptions? SessionOptions { get; init; }
}

/// <summary>genai_config.json "model.decoder.inputs".</summary>
public sealed record GenAiInputs
{
    /// <summary>Token ids input.</summary>
    [JsonPropertyName("input_ids")] public string? InputIds { get; init; }

    /// <summary>Attention mask input (1 for real tokens over past + current).</summary>
    [JsonPropertyName("attention_mask")] public string? AttentionMask { get; init; }

    /// <summary>Position ids input (absent in some exports).</summary>
    [JsonPropertyName("position_ids")] public string? PositionIds { get; init; }

    /// <summary>Past key names with %d for the layer.</summary>
    [JsonPropertyName("past_key_names")] public string? PastKeyNames { get; init; }

    /// <summary>Past value names with %d for the layer.</summary>
    [JsonPropertyName("past_value_names")] public string? PastValueNames { get; init; }
}

/// <summary>genai_config.json "model.decoder.outputs".</summary>
public sealed record GenAiOutputs
{
    /// <summary>Logits output.</summary>
    [JsonPropertyName("logits")] public string? Logits { get; init; }

    /// <summary>Present key names with %d for the layer.</summary>
    [JsonPropertyName("present_key_names")] public string? PresentKeyNames { get; init; }

    /// <summary>Present value names with %d for the layer.</summary>
    [JsonPropertyName("present_value_names")] public string? PresentValueNames { get; init; }
}

/// <summary>genai_config.json "model.decoder.session_options".</summary>
public sealed record GenAiSessionOptions
{
    /// <summary>Log id.</summary>
    [JsonPropertyName("log_id")] public string? LogId { get; init; }

    /// <summary>Intra-op threads (0 or absent: this backend's default).</summary>
    [JsonPropertyName("intra_op_num_threads")] public int? IntraOpNumThreads { get; init; }

    /// <summary>Provider options; a list of objects keyed by provider name ("cuda": {...}).</summary>
    [JsonPropertyName("provider_options")] public JsonElement ProviderOptions { get; init; }
}

/// <summary>genai_config.json "search".</summary>
public sealed record GenAiSearch
{
    /// <summary>Sample (true) or greedy (false).</summary>
    [JsonPropertyName("do_sample")] public bool? DoSample { get; init; }

    /// <summary>Maximum total length (prompt + generated).</summary>
    [JsonPropertyName("max_length")] public int? MaxLength { get; init; }

    /// <summary>Temperature.</summary>
    [JsonPropertyName("temperature")] public float? Temperature { get; init; }

    /// <summary>Top-k.</summary>
    [JsonPropertyName("top_k")] public int? TopK { get; init; }

    /// <summary>Top-p.</summary>
    [JsonPropertyName("top_p")] public float? TopP { get; init; }

    /// <summary>Repetition penalty.</summary>
    [JsonPropertyName("repetition_penalty")] public float? RepetitionPenalty { get; init; }

    /// <summary>Beams (only 1 is supported here).</summary>
    [JsonPropertyName("num_beams")] public int? NumBeams { get; init; }

    /// <summary>Sequences per request.</summary>
    [JsonPropertyName("num_return_sequences")] public int? NumReturnSequences { get; init; }

    /// <summary>Minimum length.</summary>
    [JsonPropertyName("min_length")] public int? MinLength { get; init; }

    /// <summary>Whether past and present share one buffer (GenAI optimisation; this backend ignores it).</summary>
    [JsonPropertyName("past_present_share_buffer")] public bool? PastPresentShareBuffer { get; init; }
}

/// <summary>System.Text.Json source generation for genai_config.json.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenAiConfig))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class GenAiConfigJsonContext : JsonSerializerContext;
