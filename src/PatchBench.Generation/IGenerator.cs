using PatchBench.Harness.Records;

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

/// <summary>One generated completion: the text and the harness's own records of its tokens and timings.</summary>
/// <param name="Text">Generated text, stop strings removed.</param>
/// <param name="Tokens">Prompt and completion token counts.</param>
/// <param name="FinishReason">Why generation ended.</param>
/// <param name="Timings">Measured timings.</param>
public sealed record Completion(string Text, TokenCounts Tokens, FinishReason FinishReason, GenerationTimings Timings)
{
    /// <summary>Prompt tokens (<see cref="TokenCounts.Prompt"/>).</summary>
    public int PromptTokens => Tokens.Prompt;

    /// <summary>Generated tokens (<see cref="TokenCounts.Completion"/>).</summary>
    public int CompletionTokens => Tokens.Completion;
}

/// <summary>A text generation backend (llama.cpp, ONNX Runtime, OpenAI-compatible HTTP, retrieval, replay, ...).</summary>
public interface IGenerator
{
    /// <summary>Generates <see cref="DecodingSettings.Samples"/> completions for the request.</summary>
    Task<IReadOnlyList<Completion>> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Streams the text of one completion piece by piece (stop strings already removed).</summary>
    IAsyncEnumerable<string> StreamAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A backend that can score a given continuation ("perplexity mode").</summary>
public interface ILogLikelihoodScorer
{
    /// <summary>Sum of log P(continuation token | prompt, earlier continuation tokens).</summary>
    Task<Likelihood> ScoreAsync(string prompt, string continuation, CancellationToken cancellationToken = default);
}

/// <summary>
/// A backend that renders a request to the exact text the model sees (its chat template applied), so the reference patch
/// can be scored after the same prompt a chat request sent.
/// </summary>
public interface IPromptRenderer
{
    /// <summary>The prompt text of <paramref name="request"/> as the model reads it.</summary>
    string RenderPrompt(GenerationRequest request);
}
