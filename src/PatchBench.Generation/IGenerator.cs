namespace PatchBench.Generation;

/// <summary>One message of a chat conversation (role is "system", "user" or "assistant").</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>
/// How to decode: the knobs every backend understands. Temperature 0 means greedy decoding
/// (the seed is then irrelevant). Neutral values switch a sampler off: TopK 0, TopP 1, MinP 0,
/// RepeatPenalty 1.
/// </summary>
public sealed record DecodingSettings
{
    /// <summary>Upper bound on generated tokens per completion.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Softmax temperature; 0 selects greedy decoding.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the K most likely tokens (0 = off).</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling threshold (1 = off).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens whose probability is below MinP times the best one's (0 = off).</summary>
    public float MinP { get; init; }

    /// <summary>Repetition penalty over the last <see cref="RepeatLastN"/> tokens (1 = off).</summary>
    public float RepeatPenalty { get; init; } = 1f;

    /// <summary>How many recent tokens the repetition penalty looks at.</summary>
    public int RepeatLastN { get; init; } = 64;

    /// <summary>Random seed; sample i of a request uses Seed + i. Null picks a random seed.</summary>
    public uint? Seed { get; init; }

    /// <summary>Generation ends when the text contains one of these (the stop string is not returned).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Number of completions to return for the request.</summary>
    public int Samples { get; init; } = 1;

    /// <summary>Greedy decoding of at most <paramref name="maxTokens"/> tokens.</summary>
    public static DecodingSettings Greedy(int maxTokens = 512) => new() { MaxTokens = maxTokens };
}

/// <summary>
/// What to generate from: either a plain prompt text or chat messages. Chat messages are rendered
/// with the model's own chat template when <see cref="UseChatTemplate"/> is set (backends that
/// speak chat natively, such as HTTP APIs, pass them through).
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>Plain prompt text (used when <see cref="Messages"/> is null).</summary>
    public string? Prompt { get; init; }

    /// <summary>Chat messages (take precedence over <see cref="Prompt"/>).</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Render <see cref="Messages"/> with the model's built-in chat template.</summary>
    public bool UseChatTemplate { get; init; } = true;

    /// <summary>Decoding settings.</summary>
    public DecodingSettings Decoding { get; init; } = new();

    /// <summary>A plain-text request.</summary>
    public static GenerationRequest FromPrompt(string prompt, DecodingSettings? decoding = null) =>
        new() { Prompt = prompt, Decoding = decoding ?? new DecodingSettings() };

    /// <summary>A chat request rendered with the model's template.</summary>
    public static GenerationRequest FromChat(IReadOnlyList<ChatMessage> messages, DecodingSettings? decoding = null) =>
        new() { Messages = messages, Decoding = decoding ?? new DecodingSettings() };
}

/// <summary>Why a completion ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token.</summary>
    Stop,
    /// <summary>MaxTokens was reached (or the context is full).</summary>
    Length,
    /// <summary>One of the stop strings appeared.</summary>
    StopString,
}

/// <summary>Wire names of <see cref="FinishReason"/> (stop | length | stop_string).</summary>
public static class FinishReasonNames
{
    /// <summary>The lower-case name used in records and JSON.</summary>
    public static string ToWireName(this FinishReason reason) => reason switch
    {
        FinishReason.Stop => "stop",
        FinishReason.Length => "length",
        FinishReason.StopString => "stop_string",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>
/// Timings of one completion, measured by the caller's clock (a Stopwatch around the whole
/// request). Tokens/s are 0 when there was nothing to measure.
/// </summary>
/// <param name="TimeToFirstTokenMs">From request start until the first generated token was known.</param>
/// <param name="PromptTokensPerSecond">Prompt tokens divided by the prompt-processing time.</param>
/// <param name="GenerationTokensPerSecond">Generated tokens after the first divided by the time they took.</param>
/// <param name="TotalMs">Whole request latency.</param>
/// <param name="Engine">The engine's own counters when the backend exposes them (llama.cpp's llama_perf_context).</param>
/// <param name="InterTokenLatencyMs">Mean gap between streamed pieces after the first (HTTP backends), else null.</param>
public sealed record GenerationTimings(
    double TimeToFirstTokenMs,
    double PromptTokensPerSecond,
    double GenerationTokensPerSecond,
    double TotalMs,
    EngineTimings? Engine = null,
    double? InterTokenLatencyMs = null);

/// <summary>An engine's internal timing counters (llama.cpp: llama_perf_context_data).</summary>
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

/// <summary>One generated completion.</summary>
public sealed record Completion(
    string Text,
    int PromptTokens,
    int CompletionTokens,
    FinishReason FinishReason,
    GenerationTimings Timings);

/// <summary>A text generation backend (llama.cpp, ONNX Runtime, OpenAI-compatible HTTP, retrieval, replay, ...).</summary>
public interface IGenerator
{
    /// <summary>Generates <see cref="DecodingSettings.Samples"/> completions for the request.</summary>
    Task<IReadOnlyList<Completion>> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Streams the text of one completion piece by piece (stop strings already removed).</summary>
    IAsyncEnumerable<string> StreamAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The log-likelihood of a continuation given a prompt, teacher-forced.</summary>
/// <param name="TokenCount">Continuation tokens scored.</param>
/// <param name="LogLikelihood">Sum of natural-log probabilities of the continuation tokens.</param>
/// <param name="TokenLogProbs">Each continuation token's log probability.</param>
public sealed record ContinuationScore(int TokenCount, double LogLikelihood, IReadOnlyList<double> TokenLogProbs)
{
    /// <summary>exp(-mean log-probability); 1 for an empty continuation.</summary>
    public double Perplexity => TokenCount == 0 ? 1.0 : Math.Exp(-LogLikelihood / TokenCount);
}

/// <summary>A backend that can score a given continuation ("perplexity mode").</summary>
public interface ILogLikelihoodScorer
{
    /// <summary>Sum of log P(continuation token | prompt, earlier continuation tokens).</summary>
    Task<ContinuationScore> ScoreAsync(string prompt, string continuation, CancellationToken cancellationToken = default);
}
