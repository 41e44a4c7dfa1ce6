using System.Text.Json.Serialization;

namespace PatchBench.Harness.Records;

/// <summary>
/// Prompt and completion token counts of one generation, as the backend counted them. The same record travels from the
/// generator through the system's output into <c>samples.jsonl</c> (<c>"tokens": {"prompt", "completion"}</c>).
/// </summary>
/// <param name="Prompt">Tokens of the prompt as the model saw it (after templating).</param>
/// <param name="Completion">Tokens generated.</param>
public sealed record TokenCounts(int Prompt, int Completion);

/// <summary>
/// Timings of one generation, from the generator to <c>samples.jsonl</c>'s <c>timings</c> object (field names there are
/// the historical ones: <c>ttft_ms</c>, <c>prompt_tokens_per_s</c>, <c>generation_tokens_per_s</c>, <c>generation_ms</c>).
/// Null where the backend could not measure a figure (a replayed output has no time to first token).
/// </summary>
public record GenerationTimings
{
    /// <summary>From the request until the first generated token was known (prompt processing plus one step).</summary>
    [JsonPropertyName("ttft_ms")]
    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Prompt tokens divided by the prompt-processing time.</summary>
    [JsonPropertyName("prompt_tokens_per_s")]
    public double? PromptTokensPerSecond { get; init; }

    /// <summary>Generated tokens after the first, divided by the time they took.</summary>
    [JsonPropertyName("generation_tokens_per_s")]
    public double? GenerationTokensPerSecond { get; init; }

    /// <summary>Wall time of the whole request.</summary>
    [JsonPropertyName("generation_ms")]
    public double TotalMs { get; init; }

    /// <summary>Mean gap between streamed tokens after the first, when the backend streams.</summary>
    [JsonPropertyName("inter_token_latency_ms")]
    public double? InterTokenLatencyMs { get; init; }

    /// <summary>The engine's own counters (llama.cpp's perf context, llama-server's <c>timings</c>), when it exposes them.</summary>
    public EngineTimings? Engine { get; init; }
}

/// <summary>
/// A sample's timings in <c>samples.jsonl</c>: its generation's timings plus the time all scorers took. Derived from
/// <see cref="GenerationTimings"/> so the generation figures are never copied field by field.
/// </summary>
public sealed record SampleTimings : GenerationTimings
{
    /// <summary>For the JSON reader.</summary>
    [JsonConstructor]
    public SampleTimings() { }

    /// <summary>The generation's timings, not yet scored.</summary>
    public SampleTimings(GenerationTimings generation) : base(generation) { }

    /// <summary>Wall time of all scorers of the sample.</summary>
    public double ScoringMs { get; init; }
}

/// <summary>An engine's internal timing counters (llama.cpp: llama_perf_context_data; llama-server: <c>timings</c>).</summary>
/// <param name="PromptEvalMs">Time in prompt evaluation.</param>
/// <param name="PromptEvalTokens">Tokens evaluated as prompt.</param>
/// <param name="EvalMs">Time in single-token (generation) evaluation.</param>
/// <param name="EvalTokens">Tokens evaluated during generation.</param>
public sealed record EngineTimings(double PromptEvalMs, int PromptEvalTokens, double EvalMs, int EvalTokens)
{
    /// <summary>Prompt tokens/s by the engine's clock.</summary>
    public double PromptTokensPerSecond => PromptEvalMs > 0 ? PromptEvalTokens * 1000.0 / PromptEvalMs : 0;

    /// <summary>Generation tokens/s by the engine's clock.</summary>
    public double GenerationTokensPerSecond => EvalMs > 0 ? EvalTokens * 1000.0 / EvalMs : 0;
}

/// <summary>
/// The log-likelihood of a continuation given a prompt, teacher-forced (perplexity mode): what a backend's scorer returns
/// and what the system reports for the reference patch.
/// </summary>
/// <param name="LogLikelihood">Sum of natural-log probabilities of the continuation's tokens.</param>
/// <param name="TokenCount">Continuation tokens scored.</param>
/// <param name="TokenLogProbs">Each continuation token's log probability, when the backend gives them.</param>
public sealed record Likelihood(double LogLikelihood, int TokenCount, IReadOnlyList<double>? TokenLogProbs = null)
{
    /// <summary>exp(−LL / tokens); null for zero tokens, where perplexity is undefined (no metric is recorded).</summary>
    public double? Perplexity => TokenCount == 0 ? null : Math.Exp(-LogLikelihood / TokenCount);
}

/// <summary>
/// What a run records about the model a system loaded (run.json <c>system.model</c>), so the leaderboard shows size,
/// quantisation and context from results alone, never by reopening model files or guessing from names.
/// </summary>
public sealed record ModelFacts
{
    /// <summary>Model name (GGUF <c>general.name</c>, else the file or folder name).</summary>
    public required string Name { get; init; }
    /// <summary>Model format: <c>gguf</c>, <c>genai</c> (an ONNX Runtime GenAI folder), or <c>openai</c> (a model behind a server).</summary>
    public required string Format { get; init; }
    /// <summary>Architecture, e.g. <c>llama</c>.</summary>
    public string? Architecture { get; init; }
    /// <summary>Parameter count.</summary>
    public long? Parameters { get; init; }
    /// <summary>Quantisation or weight type, e.g. <c>Q8_0</c>, <c>F16</c>.</summary>
    public string? Quantization { get; init; }
    /// <summary>Bytes on disk (the file, or every file of the folder).</summary>
    public long? FileBytes { get; init; }
    /// <summary>Context length the run used.</summary>
    public int? ContextLength { get; init; }
    /// <summary>Context length the model was trained with.</summary>
    public int? TrainedContextLength { get; init; }
    /// <summary>Vocabulary size.</summary>
    public int? VocabularySize { get; init; }
    /// <summary>Training step of a checkpoint, when the model file says so.</summary>
    public long? TrainingStep { get; init; }
}
